"""The chat shows registry data as the portal's check page does: a date of birth in the chat's
language, citizenship and sex as words, the children by name and birth date; never ``KZ``,
``M`` or an ISO date."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import formats, translation

from qyzmet.applications.models import Application
from qyzmet.registries.fields import find_person
from tests.messenger.helpers import MYSELF

pytestmark = pytest.mark.django_db
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def in_russian(day) -> str:
    with translation.override("ru"):
        return formats.date_format(day, "DATE_FORMAT")


def test_the_id_card_check_in_russian_reads_words_and_dates(linked, citizen):
    person = find_person(citizen.iin)
    linked.write("/lang")
    linked.press("Русский")
    linked.write("удостоверение личности")
    linked.press("Выдача удостоверения личности гражданина Республики Казахстан")
    check = linked.press("За себя")
    assert f"Дата рождения: {in_russian(person.birth_date)}" in check
    assert "Гражданство: Казахстан" in check
    assert re.search(r"Пол: (Мужской|Женский)", check)
    assert "Удостоверение личности №" in check
    assert not ISO_DATE.search(check) and ": KZ" not in check and ": M " not in check


def test_the_moving_check_lists_the_children_with_their_birth_dates(linked, citizen):
    linked.press("Moving house")
    linked.press(MYSELF)
    linked.press("No")
    linked.press("No")
    check = linked.press("Yes")  # attach to a polyclinic: it reads the children
    assert f"IIN: {citizen.iin}" in check  # the applicant's IIN, whole
    children = Application.objects.get(citizen=citizen).prefill["population.person.children"]
    assert children
    for child in children:
        with translation.override("en"):
            born = formats.date_format(
                datetime.date.fromisoformat(child["birth_date"]), "DATE_FORMAT"
            )
        assert f"{child['full_name']['ru']} ({born})" in check
    assert not ISO_DATE.search(check) and "[]" not in check
