"""A catalogue's own words for an error may name the field ("{label} must be in the past"), as
the built-in messages do; a placeholder the error does not give is kept as written, never a
500 for the citizen who got the field wrong."""

from __future__ import annotations

from qyzmet.applications.error_messages import field_message
from qyzmet.applications.validation import FieldProblem

FIELD = {
    "type": "string",
    "format": "date",
    "x-label": {"en": "Date of death", "ru": "Дата смерти"},
    "x-errors": {
        "date": {"en": "{upper} cannot be after today", "ru": "«{label}» не может быть позже"},
        "required": {"en": "Enter {lower} ({limit}, {0}, {label.x})"},
    },
}


def test_the_catalogues_words_name_the_field_in_the_readers_language():
    problem = FieldProblem("date_of_death", "date.today_or_past")
    assert field_message(problem, FIELD, language="en") == "The date of death cannot be after today"
    assert field_message(problem, FIELD, language="ru") == "«Дата смерти» не может быть позже"


def test_a_placeholder_the_error_does_not_give_is_no_server_error():
    said = field_message(FieldProblem("date_of_death", "required"), FIELD, language="en")
    assert said.startswith("Enter")
