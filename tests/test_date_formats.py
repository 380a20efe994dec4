"""One date format per language, everywhere people read a date."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from qyzmet.formats import date_text
from qyzmet.messenger.fields import Field, read_value

DAY = datetime.date(2026, 12, 5)
SERVICE = SimpleNamespace(
    slug="s", form={"properties": {"move_date": {"type": "string", "format": "date"}}}
)
MOVE_DATE = Field(service=SERVICE, name="move_date")  # type: ignore[arg-type]


def test_each_language_writes_a_date_its_own_way():
    assert date_text(DAY) == {
        "kk": "2026 жылғы 5 желтоқсан",
        "ru": "5 декабря 2026 г.",
        "en": "5 December 2026",  # GOV.UK style: never 12/05/2026
    }
    assert date_text(DAY, "SHORT_DATE_FORMAT") == {
        "kk": "05.12.2026", "ru": "05.12.2026", "en": "5 Dec 2026"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("language", "shown"),
    [("kk", "2026 жылғы 5 желтоқсан"), ("ru", "5 декабря 2026 г."), ("en", "5 December 2026")],
)
def test_templates_show_dates_and_dates_kept_as_text_in_the_languages_format(language, shown):
    template = Template("{% load qyzmet %}{{ day|date }} / {{ text|iso_date|date }}")
    with translation.override(language):
        assert template.render(Context({"day": DAY, "text": "2026-12-05"})) == f"{shown} / {shown}"


@pytest.mark.parametrize(
    "typed",
    ["05.12.2026", "5/12/2026", "2026-12-05", "5 декабря 2026", "5 декабря 2026 г.",
     "5 December 2026", "5 Dec 2026", "2026 жылғы 5 желтоқсан", "5 желтоқсан 2026"],
)  # fmt: skip
def test_the_messenger_reads_a_date_as_people_write_it(typed):
    assert read_value(MOVE_DATE, typed) == "2026-12-05"


def test_the_messenger_keeps_what_is_not_a_date_for_validation_to_name():
    assert read_value(MOVE_DATE, "31 февраля 2026") == "31 февраля 2026"
