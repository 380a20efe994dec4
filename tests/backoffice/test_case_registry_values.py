"""The officer's case page shows the registry extract as the citizen's check page does: dates
in the officer's language, codes as words, lists as lists."""

from __future__ import annotations

import re

import pytest
from django.utils import formats, translation

from qyzmet.registries.fields import find_person
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def extract_value(page: str, label: str) -> str:
    """The text in the extract table's row headed ``label``."""
    found = re.search(rf'<th scope="row">{re.escape(label)}</th><td[^>]*>(.*?)</td>', page, re.S)
    assert found, label
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


@pytest.mark.parametrize(
    ("language", "labels", "words"),
    [
        ("ru", ("Дата рождения", "Гражданство", "Пол"), ("Казахстан", {"Мужской", "Женский"})),
        ("kk", ("Туған күні", "Азаматтығы", "Жынысы"), ("Қазақстан", {"Ер", "Әйел"})),
        ("en", ("Date of birth", "Citizenship", "Sex"), ("Kazakhstan", {"Male", "Female"})),
    ],
)
def test_the_extract_reads_dates_and_codes_in_the_officers_language(
    signed_in, in_language, language, labels, words
):
    case = ApplicationFactory(service="passport", submitted=True).cases.get()
    person = find_person(case.application.subject_iin)
    in_language(language)
    page = signed_in.get(f"/back-office/cases/{case.pk}/").content.decode()
    born, citizenship, sex = (extract_value(page, label) for label in labels)
    with translation.override(language):
        assert born == formats.date_format(person.birth_date, "DATE_FORMAT")
    assert citizenship == words[0]
    assert sex in words[1]
    document = extract_value(page, {"ru": "Документ, удостоверяющий личность",
                                    "kk": "Жеке басын куәландыратын құжат",
                                    "en": "Identity document"}[language])  # fmt: skip
    assert "№" in document and not re.search(r"\d{4}-\d{2}-\d{2}", document)
