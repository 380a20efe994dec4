"""Answers the registries or earlier answers give are pre-set and shown as such, not asked
(issue 15, item 3): in the portal's questions and details steps and in the chat."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from qyzmet.applications.models import Application
from qyzmet.applications.services import save_draft, start_application
from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.validation import validate_catalog
from qyzmet.registries.answers import PRESCHOOL_AGE
from qyzmet.registries.fields import read_fields
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def preschool_years(citizen) -> list[str]:
    """The birth years of the citizen's children under six, as the registry has them."""
    children = read_fields(subject=citizen.iin, fields=["population.person.children"])
    today = timezone.localdate()
    return [
        str(born)[:4]
        for born in (
            datetime.date.fromisoformat(c["birth_date"])
            for c in children["population.person.children"]
        )
        if today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        < PRESCHOOL_AGE
    ]


def test_a_parent_of_young_children_is_not_asked_whether_they_have_preschool_children(
    client, parent
):
    years = preschool_years(parent)
    assert years  # the demo parent has a child under six
    client.force_login(parent)
    url = client.post("/apply/", {"kind": "life_situation", "slug": "moving"})["Location"]
    draft = Application.objects.get(citizen=parent)
    assert draft.answers["has_preschool_children"] is True  # pre-set from the registry

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    said = f"From the population registry: you have children born in {', '.join(years)}."
    assert said in page
    assert "Change this answer" in page  # shown as answered, inside a closed disclosure
    ru = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"Из регистра населения: у вас есть дети {', '.join(years)} года рождения." in ru

    posted = {"q__has_preschool_children": "yes", "q__has_school_age_children": "no",
              "q__change_polyclinic": "no"}  # fmt: skip
    assert client.post(url, posted)["Location"].endswith("/services/")


def test_someone_without_young_children_has_the_answer_no_from_the_registry(demo_people):
    citizen = CitizenFactory(iin=demo_people["pensioner"])
    draft = start_application(citizen=citizen, channel="portal", life_situation="moving")
    assert draft.answers.get("has_preschool_children") is (bool(preschool_years(citizen)))


def test_the_chat_does_not_ask_what_the_registry_answered(client, parent):
    from tests.accounts.helpers import code_sent_to
    from tests.messenger.helpers import MYSELF, Messenger

    chat = Messenger(client)
    chat.write("/start")
    chat.write(parent.iin)
    chat.write(code_sent_to(parent.iin))
    chat.press("Moving house")
    first = chat.press(MYSELF)
    assert "preschool" not in first  # the first question asked is the next one
    assert "Question 1 of 3" not in first
    assert "children starting school" in first
    chat.press("No")
    answer = chat.press("Yes")
    years = ", ".join(preschool_years(parent))
    assert f"✓ From the population registry: you have children born in {years}." in answer
    assert "✓ Reason: I moved house (Because you are applying for “Moving house”)" in answer


def test_the_polyclinic_reason_moved_is_preset_when_moving(client, parent):
    draft = start_application(citizen=parent, channel="portal", life_situation="moving")
    draft = save_draft(application=draft, citizen=parent, channel="portal",
                       answers={"change_polyclinic": True})  # fmt: skip
    assert draft.data["polyclinic-attachment"]["reason"] == "moved"
    client.force_login(parent)
    page = client.get(f"/applications/{draft.pk}/details/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Because you are applying for “Moving house”" in html
    assert 'value="moved" checked' in html or 'value="moved" selected' in html


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_id_card_reason_is_preset_after_saying_it_was_lost(client, demo_people, language):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    client.force_login(citizen)
    url = client.post("/apply/", {"kind": "life_situation", "slug": "lost-documents"})["Location"]
    posted = {"q__lost_id_card": "yes", "q__lost_passport": "no", "q__lost_driving_licence": "no"}
    client.post(url, posted)
    draft = Application.objects.get(citizen=citizen)
    assert draft.data["id-card"]["reason"] == "lost"
    page = client.get(url.removesuffix("questions/") + "details/", HTTP_ACCEPT_LANGUAGE=language)
    said = {
        "en": "From your answer: “Did you lose your ID card?” — Yes",
        "ru": "Из вашего ответа: «Утеряно удостоверение личности?» — Да",
        "kk": "Сіздің жауабыңыздан: «Жеке куәлігіңіз жоғалды ма?» — Иә",
    }
    assert said[language] in page.content.decode()

    changed = save_draft(application=draft, citizen=citizen, channel="portal",
                         data={"id-card": {"reason": "stolen"}})  # fmt: skip
    assert changed.data["id-card"]["reason"] == "stolen"  # the citizen may correct it


def test_the_chat_does_not_ask_the_id_card_reason_after_lost_yes(client, demo_people):
    from tests.accounts.helpers import code_sent_to
    from tests.messenger.helpers import Messenger

    citizen = CitizenFactory(iin=demo_people["young_adult"])
    chat = Messenger(client)
    chat.write("/start")
    chat.write(citizen.iin)
    chat.write(code_sent_to(citizen.iin))
    chat.press("Lost documents")
    chat.press("Yes")
    chat.press("No")
    answer = chat.press("No")
    assert "✓ Reason: It was lost (From your answer: “Did you lose your ID card?” — Yes)" in answer
    asked = chat.press("✓ Correct, continue")
    assert "▸ Reason" not in asked


def test_a_preset_naming_an_unknown_fact_or_field_is_refused_when_the_catalogue_loads(
    tmp_path, settings
):
    folder = Path(settings.CATALOG_DIR)
    moving = (folder / "life-situations" / "moving.yaml").read_text(encoding="utf-8")
    wrong = moving.replace("has-preschool-children", "has-unicorns").replace(
        "reason: {value: moved}", "reason: {value: teleported}"
    )
    (tmp_path / "moving.yaml").write_text(wrong, encoding="utf-8")
    problems = validate_catalog(read_catalog([tmp_path]), context=read_catalog([folder]))
    said = {(p.path, p.message.split(" (")[0]) for p in problems}
    assert ("questions[0].answered_by.fact", "unknown registry fact 'has-unicorns'") in said
    assert any(p.path == "services[2].preset.reason.value" for p in problems)


def test_a_fact_reading_what_no_decided_service_declares_is_refused(tmp_path, settings):
    folder = Path(settings.CATALOG_DIR)
    lost = (folder / "life-situations" / "lost-documents.yaml").read_text(encoding="utf-8")
    wrong = lost.replace(
        "      en: Did you lose your ID card?\n",
        "      en: Did you lose your ID card?\n    answered_by: {fact: has-preschool-children}\n",
    )
    (tmp_path / "lost-documents.yaml").write_text(wrong, encoding="utf-8")
    problems = validate_catalog(read_catalog([tmp_path]), context=read_catalog([folder]))
    assert [(p.path, p.message) for p in problems] == [
        (
            "questions[0].answered_by.fact",
            "reads 'population.person.children', which no service this question decides "
            "declares in registry_data",
        )
    ]
