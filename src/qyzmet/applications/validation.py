"""Checking what a citizen entered: answers to a life situation's questions and each
service's form. Problems carry a field path and a message code (see ``core.messages``).

Besides JSON Schema's own keywords a form field may say when its date may be (``x-date``:
``past``, ``today-or-past``, ``future``, ``today-or-future``), judged against today in the
platform's time zone (``QYZMET_TIME_ZONE``, Asia/Almaty)."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from qyzmet.core.identifiers import InvalidIdentifier, parse_iin, validate_bin

format_checker = FormatChecker(formats=["date", "email"])


@format_checker.checks("iin", raises=InvalidIdentifier)
def _is_iin(value: object) -> bool:
    return not isinstance(value, str) or bool(parse_iin(value))


@format_checker.checks("bin", raises=InvalidIdentifier)
def _is_bin(value: object) -> bool:
    return not isinstance(value, str) or bool(validate_bin(value))


DATE_RULES: dict[str, Callable[[datetime.date, datetime.date], bool]] = {
    "past": lambda day, today: day < today,
    "today-or-past": lambda day, today: day <= today,
    "future": lambda day, today: day > today,
    "today-or-future": lambda day, today: day >= today,
}
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def date_code(rule: str) -> str:
    """The problem code of a date that breaks ``x-date: rule`` (``date.today_or_past``)."""
    return f"date.{rule.replace('-', '_')}"


def _date_rule(
    today: datetime.date, validator: Any, rule: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """``x-date``: a real date (others are ``format``'s to refuse) on the wrong side of today."""
    if not isinstance(instance, str) or not _ISO_DATE.match(instance) or rule not in DATE_RULES:
        return
    try:
        day = datetime.date.fromisoformat(instance)
    except ValueError:
        return
    if not DATE_RULES[rule](day, today):
        yield ValidationError(f"{instance} is not {rule} (today is {today.isoformat()})")


@lru_cache(maxsize=4)
def _validator_on(today: datetime.date) -> Any:
    """JSON Schema 2020-12 with ``x-date`` judged against ``today``."""
    return validators.extend(Draft202012Validator, {"x-date": partial(_date_rule, today)})


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


def _code(error: ValidationError) -> tuple[str, dict[str, Any]]:
    kind = error.validator
    if kind == "type":
        expected = error.validator_value
        return f"type.{expected[0] if isinstance(expected, list) else expected}", {}
    if kind == "format":
        cause = error.cause
        if isinstance(cause, InvalidIdentifier):
            return f"iin.{cause.problem.value}", {}
        return ("format.date" if error.validator_value == "date" else "format.other"), {}
    if kind in ("minLength", "maxLength", "minimum", "maximum"):
        code = {"minLength": "min_length", "maxLength": "max_length"}.get(str(kind), str(kind))
        return code, {"limit": error.validator_value}
    if kind == "enum":
        return "choice", {}
    if kind == "const":
        return ("consent" if error.validator_value is True else "invalid"), {}
    if kind == "pattern":
        return "pattern", {}
    if kind == "x-date":
        return date_code(str(error.validator_value)), {}
    return "invalid", {}


def form_problems(
    form: dict[str, Any], values: Any, *, prefix: str, today: datetime.date | None = None
) -> list[FieldProblem]:
    """Problems of ``values`` against a service's form (a JSON Schema object); dates with
    ``x-date`` are judged against ``today`` (the platform's time zone's by default)."""
    if not isinstance(values, dict):
        return [FieldProblem(prefix, "type.object")]
    problems: list[FieldProblem] = []
    properties = form.get("properties", {})
    for name in values:
        if name not in properties:
            problems.append(FieldProblem(f"{prefix}.{name}", "unknown_field"))
    for name in form.get("required", []):
        if values.get(name) in (None, ""):
            problems.append(FieldProblem(f"{prefix}.{name}", "required"))
    present = {k: v for k, v in values.items() if k in properties and v not in (None, "")}
    schema = {**form, "required": []}
    validator = _validator_on(today or timezone.localdate())(schema, format_checker=format_checker)
    for error in validator.iter_errors(present):
        path = ".".join(str(p) for p in error.absolute_path)
        code, params = _code(error)
        problems.append(FieldProblem(f"{prefix}.{path}" if path else prefix, code, params))
    unique = {(p.field, p.code): p for p in problems}
    return sorted(unique.values(), key=lambda p: p.field)


def answer_problems(questions: list[dict[str, Any]], answers: Any) -> list[FieldProblem]:
    """Problems of ``answers`` to a life situation's questions (every question needs one)."""
    if not isinstance(answers, dict):
        return [FieldProblem("answers", "type.object")]
    problems: list[FieldProblem] = []
    known = {q["id"] for q in questions}
    for name in answers:
        if name not in known:
            problems.append(FieldProblem(f"answers.{name}", "unknown_field"))
    for question in questions:
        where = f"answers.{question['id']}"
        answer = answers.get(question["id"])
        if answer is None:
            problems.append(FieldProblem(where, "required"))
        elif question["kind"] == "boolean" and not isinstance(answer, bool):
            problems.append(FieldProblem(where, "type.boolean"))
        elif question["kind"] == "choice" and answer not in {
            o["value"] for o in question["options"]
        }:
            problems.append(FieldProblem(where, "choice"))
    return problems


def services_that_apply(definition: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """The services of a life situation whose conditions hold for these answers, in order."""
    chosen = []
    for entry in definition["services"]:
        conditions = entry.get("when") or {}
        if all(
            answers.get(question) in (expected if isinstance(expected, list) else [expected])
            for question, expected in conditions.items()
        ):
            chosen.append(entry["service"])
    return chosen
