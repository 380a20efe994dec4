"""A partner shows people what the state knows in their language: next to each registry value
as it is (for its program), the same value in words, as the portal shows it (issue 15)."""

from __future__ import annotations

import pytest

from qyzmet.registries.fields import find_person, read_fields
from qyzmet.registries.presentation import date

pytestmark = pytest.mark.django_db

PASSPORT = "population.person"


def prefilled(partner, grant: str, language: str | None = None) -> dict[str, dict]:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    started = partner.call("post", "/applications", {"service": "passport"}, token=grant,
                           **headers)  # fmt: skip
    assert started.status_code == 201, started.content
    return {p["field"]: p for p in started.json()["prefilled"]}


def test_a_partner_asking_in_kazakh_gets_kazakh_words_and_the_values_unchanged(
    partner, demo_people
):
    iin = demo_people["parent"]
    known = read_fields(subject=iin, fields=[f"{PASSPORT}.birth_date", f"{PASSPORT}.citizenship"])
    assert known[f"{PASSPORT}.citizenship"] == "KZ"
    grant = partner.grant(iin)

    kk = prefilled(partner, grant, "kk")

    citizenship = kk[f"{PASSPORT}.citizenship"]
    assert citizenship["value"] == "KZ"  # as before, for programs
    assert citizenship["display"]["text"] == "Қазақстан"
    born = kk[f"{PASSPORT}.birth_date"]
    assert born["value"] == known[f"{PASSPORT}.birth_date"]  # the ISO date, unchanged
    assert born["display"]["text"] == date(born["value"], "kk")
    assert born["display"]["text"] != born["value"]
    sex = kk[f"{PASSPORT}.sex"]
    assert sex["display"]["text"] == {"M": "Ер", "F": "Әйел"}[sex["value"]]
    address = kk[f"{PASSPORT}.registered_address"]
    person = find_person(iin)
    assert address["value"]["rca"] == person.building.rca
    assert address["display"]["details"] == [f"МТК: {person.building.rca}"]


def test_the_words_follow_the_language_asked_for_and_default_to_russian(
    partner, demo_people, settings
):
    settings.LANGUAGE_CODE = "ru"  # as deployed (the tests' own default is English)
    grant = partner.grant(demo_people["parent"])
    said = {
        language: prefilled(partner, grant, language)[f"{PASSPORT}.citizenship"]
        for language in ("en", "ru", None)
    }
    assert said["en"]["display"]["text"] == "Kazakhstan"
    assert said["ru"]["display"]["text"] == "Казахстан"
    assert said[None]["display"] == said["ru"]["display"]
    assert {s["value"] for s in said.values()} == {"KZ"}


def test_a_list_reads_as_its_entries(partner, demo_people):
    iin = demo_people["parent"]
    grant = partner.grant(iin)
    started = partner.call("post", "/applications", {"life_situation": "moving"}, token=grant,
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    children = {p["field"]: p for p in started.json()["prefilled"]}[f"{PASSPORT}.children"]
    assert isinstance(children["value"], list) and children["value"]
    items = children["display"]["items"]
    assert len(items) == len(children["value"])
    first = children["value"][0]
    assert items[0]["text"].endswith(f"({date(first['birth_date'], 'en')})")
    assert children["display"]["line"] == "; ".join(
        ", ".join([i["text"], *i["details"]]) for i in items
    )
