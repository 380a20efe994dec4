""" "Check what the state already knows" shows each registry value as what it is: a date of birth
as a date in the page's language, citizenship and sex as words, an IIN whole, no children as
"none"; never a value spelled one character per bullet, never ``[]``."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import formats, translation

from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


class Summary(HTMLParser):
    """The check page's registry values: the text of each ``<dd>`` and of each list item."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []
        self.items: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "dd" or (tag == "li" and self._open):  # the items of a value's list
            self._open.append([tag, ""])

    def handle_endtag(self, tag: str) -> None:
        if tag in {"dd", "li"} and self._open:
            kind, text = self._open.pop()
            (self.values if kind == "dd" else self.items).append(" ".join(text.split()))

    def handle_data(self, data: str) -> None:
        for found in self._open:
            found[1] += " " + data


def check_page(client, iin: str, language: str, slug: str, kind: str = "service") -> Summary:
    client.force_login(CitizenFactory(iin=iin))
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    started = client.post("/apply/", {"kind": kind, "slug": slug})
    url = started["Location"]
    if url.endswith("/questions/"):  # a life situation: attach to a polyclinic, nothing else
        answers = {"q__has_preschool_children": "no", "q__has_school_age_children": "no",
                   "q__change_polyclinic": "yes"}  # fmt: skip
        client.post(url, answers)
        url = url.removesuffix("questions/") + "services/"
        url = client.post(url)["Location"]
    assert url.endswith("/check/")
    page = client.get(url)
    assert page.status_code == 200
    summary = Summary()
    summary.feed(page.content.decode())
    return summary


def date_in(language: str, day: datetime.date) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


@pytest.mark.parametrize(
    ("language", "country", "sexes"),
    [
        ("kk", "Қазақстан", {"Ер", "Әйел"}),
        ("ru", "Казахстан", {"Мужской", "Женский"}),
        ("en", "Kazakhstan", {"Male", "Female"}),
    ],
)
def test_the_id_card_check_page_shows_words_and_dates_in_the_language(
    client, demo_people, language, country, sexes
):
    person = find_person(demo_people["parent"])
    assert person.citizenship == "KZ"
    summary = check_page(client, person.iin, language, "id-card")
    text = " | ".join(summary.values)
    assert date_in(language, person.birth_date) in summary.values
    assert person.birth_date.isoformat() not in text
    assert country in summary.values
    assert set(summary.values) & sexes
    assert not {"KZ", "M", "F"} & set(summary.values)
    assert all(len(item) > 1 for item in summary.items), summary.items
    assert "[]" not in text and "{}" not in text


def test_a_russian_date_of_birth_reads_day_month_year(client, demo_people):
    person = find_person(demo_people["parent"])
    summary = check_page(client, person.iin, "ru", "id-card")
    months = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    born = rf"{person.birth_date.day} ({months}) {person.birth_date.year}\b"  # 15 марта 1990
    assert any(re.match(born, v) for v in summary.values), summary.values


@pytest.mark.parametrize(("language", "none"), [("kk", "Жоқ"), ("ru", "Нет"), ("en", "None")])
def test_no_children_reads_none_and_the_iin_is_whole(client, demo_people, language, none):
    iin = demo_people["young_adult"]
    summary = check_page(client, iin, language, "moving", kind="life_situation")
    assert iin in summary.values  # the IIN, 12 digits in one piece
    assert none in summary.values  # the polyclinic reads the children: there are none
    assert all(len(item) > 1 for item in summary.items), summary.items
    assert not any(v in {"[]", "{}", ""} for v in summary.values)


def test_children_are_listed_by_name_and_birth_date(client, demo_people):
    iin = demo_people["parent"]
    summary = check_page(client, iin, "ru", "moving", kind="life_situation")
    assert summary.items and all(len(item) > 1 for item in summary.items)
    assert all("ИИН" in item and re.search(r"\(\d{1,2} \w+ \d{4}", item) for item in summary.items)
