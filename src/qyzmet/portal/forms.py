"""Turning a service's form (JSON Schema with x-label, x-help, x-order) into fields to render,
and the posted values back into JSON values — typed values where they parse, the raw text
where they do not, so the citizen sees what they typed next to the error. A date is typed in
three boxes (day, month, year), GOV.UK's date-input pattern, and kept as the ISO date the
domain expects; one that is not a date is kept as typed ("2026-2-31", "2026--5") so the
boxes show it again and the message says what is missing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from qyzmet.applications.error_messages import answer_messages, date_parts, form_messages
from qyzmet.applications.validation import FieldProblem
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.texts import pick


@dataclass
class FieldView:
    name: str  # the POST name
    html_id: str
    label: str
    help: str
    widget: str  # text, date, number, select, radio, checkbox, consent, textarea
    value: Any
    required: bool
    choices: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    suggested: bool = False  # the assistant filled it in from the citizen's words
    service: str = ""  # the service's slug

    @property
    def parts(self) -> tuple[str, str, str]:
        """Day, month and year of a date field, as typed."""
        return date_parts(self.value)

    @property
    def date(self) -> datetime.date | None:
        """The value of a date field as a date, to show in the language's format."""
        try:
            return datetime.date.fromisoformat(str(self.value))
        except ValueError:
            return None


def post_name(service: str, name: str) -> str:
    return f"{service}__{name}"


def html_id(service: str, name: str) -> str:
    return f"f-{service}-{name}"


def _widget(spec: dict[str, Any]) -> str:
    if spec.get("const") is True:
        return "consent"
    if "enum" in spec:
        return "radio" if len(spec["enum"]) <= 4 else "select"
    kind = spec.get("type")
    if kind == "boolean":
        return "checkbox"
    if kind in ("integer", "number"):
        return "number"
    if spec.get("format") == "date":
        return "date"
    if int(spec.get("maxLength", 0)) > 200:
        return "textarea"
    return "text"


def _attrs(spec: dict[str, Any]) -> dict[str, str]:
    attrs: dict[str, str] = {}
    if spec.get("format") in ("iin", "bin"):
        attrs.update(inputmode="numeric", maxlength="12", autocomplete="off")
    if "maxLength" in spec:
        attrs.setdefault("maxlength", str(spec["maxLength"]))
    if "pattern" in spec and str(spec["pattern"]).startswith("^[0-9]"):
        attrs["inputmode"] = "numeric"
    return attrs


def field_views(
    service: ServiceVersion, values: dict[str, Any], errors: dict[str, str]
) -> list[FieldView]:
    form = service.form
    required = set(form.get("required", []))
    views = []
    for name in form["x-order"]:
        spec = form["properties"][name]
        labels = spec.get("x-enum-labels") or []
        choices = [
            (str(value), pick(labels[i]) if i < len(labels) else str(value))
            for i, value in enumerate(spec.get("enum", []))
        ]
        views.append(
            FieldView(
                name=post_name(service.slug, name),
                html_id=html_id(service.slug, name),
                label=pick(spec.get("x-label")),
                help=pick(spec.get("x-help")),
                widget=_widget(spec),
                value=values.get(name, ""),
                required=name in required,
                choices=choices,
                error=errors.get(f"data.{service.slug}.{name}", ""),
                attrs=_attrs(spec),
                service=service.slug,
            )
        )
    return views


def _parse(spec: dict[str, Any], raw: str | None) -> Any:
    kind = spec.get("type")
    if kind == "boolean":
        return raw is not None
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text.replace(",", "."))
    except ValueError:
        return text  # kept as typed; validation says what is wrong
    return text


DATE_PARTS = ("day", "month", "year")


def _posted_date(post: QueryDict, name: str) -> str | None:
    """A date typed in three boxes: ISO when it is a date; else as typed, year-month-day, so
    the boxes can show it again; None when all three are empty. A client posting one field
    (``name`` itself, YYYY-MM-DD) is read as before."""
    if not any(f"{name}__{part}" in post for part in DATE_PARTS):
        return post.get(name)
    day, month, year = (
        post.get(f"{name}__{part}", "").strip().replace("-", "") for part in DATE_PARTS
    )
    if not (day or month or year):
        return ""
    if len(year) == 4 and len(month) <= 2 and len(day) <= 2:
        try:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass
    return f"{year}-{month}-{day}"


def parse_values(service: ServiceVersion, post: QueryDict) -> dict[str, Any]:
    """The posted values of one service's fields; empty fields are left out."""
    values = {}
    for name, spec in service.form["properties"].items():
        posted = post_name(service.slug, name)
        if spec.get("format") == "date":
            value = _parse(spec, _posted_date(post, posted))
        else:
            value = _parse(spec, post.get(posted))
        if value is not None:
            values[name] = value
    return values


def service_error_messages(
    services: list[ServiceVersion], data: dict[str, Any], problems: list[FieldProblem]
) -> dict[str, str]:
    """Field path to a message about that very field ("Enter the date of the move")."""
    messages = {}
    for service in services:
        prefix = f"data.{service.slug}"
        mine = [p for p in problems if p.field == prefix or p.field.startswith(f"{prefix}.")]
        messages.update(form_messages(service.form, data.get(service.slug, {}), mine, prefix))
    return messages


def question_error_messages(
    questions: list[dict[str, Any]], problems: list[FieldProblem]
) -> dict[str, str]:
    """Answer path to a message about that question ("Select yes or no")."""
    return answer_messages(questions, problems)
