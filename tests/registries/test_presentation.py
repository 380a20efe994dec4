"""Registry values read as words, by the field's declared type: dates in the reader's language,
codes as words, IINs as written, lists as lists that say "none" when empty."""

from __future__ import annotations

import datetime

import pytest
from django.utils import formats, translation

from qyzmet.registries.fields import FIELDS
from qyzmet.registries.names import FOREIGN_COUNTRIES, ID_CARD_ISSUER
from qyzmet.registries.presentation import CODES, present
from qyzmet.registries.schema import FIELD_TYPES, ValueType

CHILD = {"iin": "230415650123", "full_name": {"kk": "Асанов Әли", "ru": "Асанов Али"},
         "birth_date": "2023-04-15"}  # fmt: skip


def in_language(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def test_every_registry_field_declares_its_type():
    assert set(FIELD_TYPES) == set(FIELDS)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_date_reads_as_the_language_writes_dates(language):
    shown = present("population.person.birth_date", "1990-03-15", language)
    assert shown.text == in_language(datetime.date(1990, 3, 15), language)
    assert "1990-03-15" not in shown.text and not shown.is_list


def test_a_russian_date_of_birth_names_the_month():
    assert present("population.person.birth_date", "1990-03-15", "ru").text.startswith(
        "15 марта 1990"
    )


@pytest.mark.parametrize(
    ("language", "word"), [("kk", "Қазақстан"), ("ru", "Казахстан"), ("en", "Kazakhstan")]
)
def test_citizenship_reads_as_the_country(language, word):
    assert present("population.person.citizenship", "KZ", language).text == word


def test_every_country_the_registries_hold_has_a_name_in_three_languages():
    for code, *_ in [("KZ",), *FOREIGN_COUNTRIES]:
        names = CODES[ValueType.COUNTRY][code]
        assert set(names) == {"kk", "ru", "en"} and all(names.values())


@pytest.mark.parametrize(
    ("code", "language", "word"),
    [("M", "ru", "Мужской"), ("F", "ru", "Женский"), ("M", "kk", "Ер"), ("F", "en", "Female")],
)
def test_sex_reads_as_a_word(code, language, word):
    assert present("population.person.sex", code, language).text == word


def test_an_iin_is_written_as_it_is():
    shown = present("population.person.iin", "900315300123", "ru")
    assert shown.text == "900315300123" and not shown.is_list


@pytest.mark.parametrize(("language", "none"), [("kk", "Жоқ"), ("ru", "Нет"), ("en", "None")])
def test_an_empty_list_says_none_in_the_language(language, none):
    shown = present("population.person.children", [], language)
    assert shown.text == none and not shown.is_list
    assert shown.plain() == none


def test_children_are_a_list_of_names_with_birth_dates():
    shown = present("population.person.children", [CHILD, CHILD], "ru")
    assert shown.is_list and len(shown.items) == 2
    child = shown.items[0]
    assert child.text == f"Асанов Али ({in_language(datetime.date(2023, 4, 15), 'ru')})"
    assert child.details == ("ИИН: 230415650123",)
    assert (
        present("population.person.children", [CHILD], "kk").items[0].text.startswith("Асанов Әли")
    )


def test_an_address_is_its_text_with_its_registration_code():
    address = {"rca": "0201000123", "text": {"kk": "Астана, Абай даңғылы, 10",
                                             "ru": "Астана, проспект Абая, 10"}}  # fmt: skip
    shown = present("population.person.registered_address", address, "ru")
    assert shown.text == "Астана, проспект Абая, 10"
    assert shown.details == ("РКА: 0201000123",)
    assert present("population.person.registered_address", address, "en").details == (
        "RCA: 0201000123",
    )


def test_an_identity_document_names_its_kind_dates_and_issuer():
    document = {"kind": "id-card", "number": "045123456", "issued_on": "2020-03-01",
                "expires_on": "2030-02-28", "issuer": ID_CARD_ISSUER}  # fmt: skip
    ru = present("population.person.identity_document", document, "ru")
    assert ru.text == "Удостоверение личности №\u00a0045123456"
    assert f"срок действия до {in_language(datetime.date(2030, 2, 28), 'ru')}" in ru.details
    kk = present("population.person.identity_document", document, "kk")
    assert kk.text == "Жеке куәлік №\u00a0045123456"
    assert "МВД" not in kk.plain() and "2030-02-28" not in kk.plain()


def test_a_foreign_passport_names_its_country_in_the_language():
    code, issuer, *_ = FOREIGN_COUNTRIES[0]
    document = {"kind": "passport", "number": "72 1234567", "issuer": issuer}
    en = present("population.person.identity_document", document, "en")
    assert f"issued by {CODES[ValueType.COUNTRY][code]['en']}" in en.details


def test_codes_of_the_other_registries_read_as_words():
    assert present("population.person.marital_status", "married", "ru").text == "Состоит в браке"
    assert present("labour.person.employment_status", "not_working", "kk").text == (
        "Жұмыс істемейді"
    )
    assert present("businesses.business.legal_form", "llp", "en").text == (
        "Limited liability partnership"
    )
    assert present("population.person.living", True, "ru").text == "Да"


def test_properties_vehicles_and_businesses_are_lists():
    estate = [{"cadastral_number": "21:320:045:123", "kind": "apartment", "area_m2": "54.20",
               "address": {"text": {"ru": "Алматы, Абая, 1"}}, "owned_since": "2015-06-01",
               "encumbered": True}]  # fmt: skip
    shown = present("property.person.real_estate", estate, "ru")
    assert shown.items[0].text.startswith("Квартира, Алматы, Абая, 1, 54")
    assert "есть обременение" in shown.items[0].details
    cars = [{"vin": "XTA21700080123456", "plate": "123ABC02", "make": "Lada", "model": "Vesta",
             "year": 2019}]  # fmt: skip
    assert present("vehicles.person.vehicles", cars, "en").items[0].text == "Lada Vesta, 2019"
    firms = [{"bin": "150340012345", "name": "ТОО «Жол»", "legal_form": "llp", "status": "active",
              "registered_on": "2015-03-10"}]  # fmt: skip
    firm = present("businesses.person.businesses", firms, "ru").items[0]
    assert firm.text == "ТОО «Жол»" and "БИН: 150340012345" in firm.details
    assert present("vehicles.person.vehicles", [], "kk").text == "Жоқ"


def test_a_missing_value_says_none_and_nothing_is_split_into_characters():
    assert present("population.person.spouse", None, "ru").text == "Нет"
    for path, kind in FIELD_TYPES.items():
        if kind in {ValueType.IIN, ValueType.TEXT, ValueType.DATE, ValueType.SEX}:
            shown = present(path, "2024-01-31" if kind is ValueType.DATE else "F", "ru")
            assert not shown.is_list, path


def test_a_field_the_schema_does_not_know_is_shown_whole():
    shown = present("population.person.retired_field", "KZ", "ru")
    assert shown.text == "KZ" and not shown.is_list
    assert present("population.person.retired_field", [], "en").text == "None"
