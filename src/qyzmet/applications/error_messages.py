"""Specific error messages for what a citizen typed, as GOV.UK's error-message pattern asks:
"Enter the date of the move", "The date of the move must include a month", "Enter a 16-digit
registration code", "The date of death must be today or in the past", "Select yes or no" — not
"This field is required" or "Invalid format".

Validation (``validation.py``) says *what* is wrong with a code; this module says it to a
person about *this* field: a message the catalogue gives for the field and the code
(``x-errors`` of a form field, ``error`` of a question), else a default for the code and the
kind of field, built from the field's label. Codes it has no better words for keep their
general message (``core.messages``) after the field's label ("Child's IIN: An IIN has 12
digits.")."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from qyzmet.applications.validation import FieldProblem
from qyzmet.core.messages import render
from qyzmet.core.texts import current_language, pick

_DIGITS = re.compile(r"^\^\[0-9\]\{(\d+)\}\$$")
_ARTICLES = ("the ", "a ", "an ", "your ", "my ", "their ", "his ", "her ")
_CODES = {
    "type.integer": "field.integer",
    "type.number": "field.number",
    "min_length": "field.min_length",
    "max_length": "field.max_length",
    "minimum": "field.minimum",
    "maximum": "field.maximum",
    "choice": "field.choice",
    "format.email": "field.email",
}


def _running(label: str) -> tuple[str, str]:
    """An English label in running text: with its article, and without it ("Date of the
    move" → "the date of the move", "date of the move"); acronyms keep their capitals."""
    bare = label[:1].lower() + label[1:] if label[1:2].islower() else label
    if bare.lower().startswith(_ARTICLES):
        return bare, bare
    return f"the {bare}", bare


def _params(label: str, language: str, **more: Any) -> dict[str, Any]:
    lower, bare = _running(label) if language == "en" else (label, label)
    return {"label": label, "lower": lower, "upper": lower[:1].upper() + lower[1:],
            "bare": bare, **more}  # fmt: skip


def date_parts(value: Any) -> tuple[str, str, str]:
    """Day, month and year of a date as kept in a draft ("2026-11-20", or what was typed in
    three boxes, "2026--31" with the month missing)."""
    if not isinstance(value, str) or value.count("-") != 2:
        return ("", "", str(value or ""))
    year, month, day = value.split("-")
    return day, month, year


def _date_message(value: Any, params: dict[str, Any], language: str) -> str:
    if not isinstance(value, str) or value.count("-") != 2:  # typed in one box ("yesterday")
        return render("field.date.real", params, language)
    day, month, year = (part.strip() for part in date_parts(value))
    named = ((day, "field.date.day"), (month, "field.date.month"), (year, "field.date.year_part"))
    missing = [render(code, language=language) for part, code in named if not part]
    if missing:
        parts = render("field.date.and", language=language).join(missing)
        return render("field.date.missing", {**params, "parts": parts}, language)
    if not (year.isdigit() and len(year) == 4):
        return render("field.date.year", params, language)
    return render("field.date.real", params, language)


def _ru_digits(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "цифру"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "цифры"
    return "цифр"


class _Kept(dict[str, Any]):
    """Parameters of a catalogue's own error text: a placeholder the code does not give
    ("{limit}" for a required field) is kept as written, not a 500 for the citizen."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _own_words(text: str, params: Mapping[str, Any]) -> str:
    """The catalogue's own words for an error, with the field's label and the code's
    parameters ("{label}", "{upper}", "{limit}") put in."""
    try:
        return text.format_map(_Kept(params))
    except (ValueError, IndexError, AttributeError):  # "{0}", "{label.x}", a lone brace
        return text


def field_message(
    problem: FieldProblem, spec: Mapping[str, Any], value: Any = None, language: str | None = None
) -> str:
    """What to tell the citizen about ``problem`` with a form field described by ``spec`` (its
    JSON Schema) holding ``value``."""
    language = language or current_language()
    code = problem.code
    own = spec.get("x-errors") or {}
    params = _params(pick(spec.get("x-label"), language), language, **problem.params)
    for key in (code, code.split(".")[0]):
        if key in own:
            return _own_words(pick(own[key], language), params)
    if code == "required":
        if "enum" in spec:
            return render("field.required.choice", params, language)
        if spec.get("format") == "date":
            return render("field.required.date", params, language)
        if spec.get("const") is True:
            return render("field.consent", params, language)
        return render("field.required", params, language)
    if code == "consent":
        return render("field.consent", params, language)
    if code == "format.date":
        return _date_message(value, params, language)
    if code.startswith("date."):  # x-date: "The date of death must be today or in the past"
        return render(f"field.{code}", params, language)
    if code == "pattern":
        digits = _DIGITS.match(str(spec.get("pattern", "")))
        if digits:
            count = int(digits.group(1))
            return render("field.digits", {**params, "count": count, "digits": _ru_digits(count)},
                          language)  # fmt: skip
        return render("field.pattern", params, language)
    if code in _CODES:
        return render(_CODES[code], params, language)
    general = render(code, problem.params, language)  # "An IIN has 12 digits."
    return f"{params['label']}: {general}" if params["label"] else general


def answer_message(
    problem: FieldProblem, question: Mapping[str, Any], language: str | None = None
) -> str:
    """What to tell the citizen about ``problem`` with their answer to a life situation's
    ``question``: the question's own ``error`` from the catalogue, else "Select yes or no"
    or "Select one of the options"."""
    language = language or current_language()
    if problem.code in ("required", "type.boolean", "choice"):
        if question.get("error"):
            return pick(question["error"], language)
        kind = "question.boolean" if question.get("kind") == "boolean" else "question.choice"
        return render(kind, language=language)
    return render(problem.code, problem.params, language)


def form_messages(
    form: Mapping[str, Any], values: Mapping[str, Any], problems: list[FieldProblem], prefix: str
) -> dict[str, str]:
    """Field path to its message, for problems of a form (field paths ``prefix.name``)."""
    properties = form.get("properties", {})
    messages = {}
    for problem in problems:
        name = problem.field.removeprefix(f"{prefix}.").split(".")[0]
        spec = properties.get(name)
        messages[problem.field] = (
            field_message(problem, spec, values.get(name))
            if spec is not None and problem.field.startswith(f"{prefix}.")
            else render(problem.code, problem.params)
        )
    return messages


def answer_messages(
    questions: Sequence[Mapping[str, Any]], problems: list[FieldProblem]
) -> dict[str, str]:
    """Field path (``answers.id``) to its message, for problems of a life situation's answers."""
    by_path = {f"answers.{q['id']}": q for q in questions}
    return {
        p.field: answer_message(p, by_path[p.field])
        if p.field in by_path
        else render(p.code, p.params)
        for p in problems
    }
