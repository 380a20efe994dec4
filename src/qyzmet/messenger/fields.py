"""The form fields a chat can fill in: which one to ask next, the buttons that answer it, and
reading what the citizen typed.

The next field is the first one in error (missing, or wrong as typed) among the services that
apply, in each form's ``x-order``; the chat asks only for what submission needs. Text, dates,
numbers, identifiers, yes/no and choices fit in a chat; a field that does not (a list, a
group of fields) is left to the portal, where the same draft continues."""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT

from qyzmet.applications.models import Application
from qyzmet.applications.services import applicable_services
from qyzmet.applications.step_checks import step_problems
from qyzmet.applications.validation import DATE_RULES, FieldProblem
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.texts import pick
from qyzmet.messenger.texts import TEXTS, say
from qyzmet.messenger.values import person

CHAT_TYPES = ("string", "boolean", "integer", "number")


@dataclass(frozen=True)
class Field:
    """A field of one service's form, and what is wrong with its value (if anything)."""

    service: ServiceVersion
    name: str
    problem: FieldProblem | None = None

    @property
    def key(self) -> str:
        return f"{self.service.slug}.{self.name}"

    @property
    def token(self) -> str:
        """A short mark of the field for its buttons, so a button of another field is stale."""
        return token_of(self.key)

    @property
    def spec(self) -> dict[str, Any]:
        return dict(self.service.form["properties"].get(self.name, {}))

    @property
    def fits_a_chat(self) -> bool:
        return self.spec.get("type") in CHAT_TYPES


def token_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def field_order(form: dict[str, Any]) -> list[str]:
    """The form's fields in the order of ``x-order``, then any others."""
    order = list(form.get("x-order", []))
    return order + [name for name in form.get("properties", {}) if name not in order]


def next_field(application: Application) -> Field | None:
    """The first field submission would refuse, or ``None`` when nothing is missing."""
    for service in applicable_services(application):
        prefix = f"data.{service.slug}"
        values = application.data.get(service.slug, {})
        problems = {
            p.field.removeprefix(f"{prefix}."): p
            for p in step_problems(application=application, service=service, values=values)
        }
        for name in field_order(service.form):
            if name in problems:
                return Field(service, name, problems[name])
        if problems:  # e.g. the service's values are not an object: not for a chat
            name, problem = next(iter(problems.items()))
            return Field(service, name, problem)
    return None


def field_at(application: Application, key: str) -> Field | None:
    """The field ``service.name`` of a service that applies."""
    slug, _, name = key.partition(".")
    for service in applicable_services(application):
        if service.slug == slug and name in service.form["properties"]:
            return Field(service, name)
    return None


def choices(field: Field, application: Application, language: str) -> list[tuple[str, Any]]:
    """The buttons answering ``field``: their labels and the values they set."""
    spec = field.spec
    if spec.get("const") is True:
        return [(say("confirm", language), True)]
    if "enum" in spec:
        labels = spec.get("x-enum-labels") or []
        return [
            (pick(labels[i], language) if i < len(labels) else str(value), value)
            for i, value in enumerate(spec["enum"])
        ]
    if spec.get("type") == "boolean":
        return [(say("yes", language), True), (say("no", language), False)]
    if spec.get("format") == "date":  # "Today", unless the date must be before or after it
        today = timezone.localdate()
        rule = DATE_RULES.get(spec.get("x-date", ""))
        return (
            [] if rule and not rule(today, today) else [(say("today", language), today.isoformat())]
        )
    if spec.get("format") == "iin" and field.name.startswith("child"):
        children = application.prefill.get("population.person.children") or []
        return [(person(child, language), child["iin"]) for child in children]
    return []


def hint(field: Field, language: str) -> str:
    spec = field.spec
    if spec.get("format") == "date":
        return say("type_date", language)
    if "enum" in spec or spec.get("type") == "boolean":
        return say("choose", language)
    return say("type_value", language)


def _yes_or_no(text: str) -> bool | None:
    word = text.casefold()
    for key, value in (("yes", True), ("no", False)):
        if word in {t.casefold() for t in TEXTS[key].values()}:
            return value
    return None


@functools.cache
def _month_numbers() -> dict[str, int]:
    """Month names in every language, as written alone and inside a date ("декабрь",
    "декабря", "желтоқсан", "December", "Dec"), to their numbers."""
    numbers = {}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            for names in (MONTHS, MONTHS_ALT, MONTHS_3):
                numbers.update({str(name).casefold(): n for n, name in names.items()})
    return numbers


_WORDS_DATE = (
    re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>\w+)\.?,?\s+(?P<year>\d{4})(\s*(г\.?|года|ж\.?))?$"),
    re.compile(r"^(?P<year>\d{4})\s*(жылғы|ж\.)?\s+(?P<day>\d{1,2})\s+(?P<month>\w+)$"),
)


def _date(text: str) -> str:
    """A date typed in a chat as ISO: "20.11.2026", "20/11/2026", "2026-11-20", "20 ноября
    2026", "20 November 2026", "2026 жылғы 20 қараша". Else as typed: validation says what
    is wrong."""
    for layout in ("%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, layout).date().isoformat()
        except ValueError:
            pass
    for pattern in _WORDS_DATE:
        found = pattern.match(text.casefold())
        month = _month_numbers().get(found["month"]) if found else None
        if found and month:
            try:
                return datetime.date(int(found["year"]), month, int(found["day"])).isoformat()
            except ValueError:
                return text
    return text


def read_value(field: Field, text: str) -> Any:
    """What the citizen typed as the field's value: typed where it parses, else as typed, so
    that validation names the problem."""
    spec, text = field.spec, text.strip()
    kind = spec.get("type")
    if kind == "boolean":
        answer = _yes_or_no(text)
        return text if answer is None else answer
    if "enum" in spec:
        labels = spec.get("x-enum-labels") or []
        for i, value in enumerate(spec["enum"]):
            names = {str(value), *(labels[i].values() if i < len(labels) else ())}
            if text.casefold() in {n.casefold() for n in names}:
                return value
        return text
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text.replace(",", "."))
    except ValueError:
        return text
    if spec.get("format") == "date":
        return _date(text)
    if spec.get("format") in ("iin", "bin") or str(spec.get("pattern", "")).startswith("^[0-9]"):
        return "".join(text.split())
    return text
