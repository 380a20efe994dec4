"""Turning a service's form (JSON Schema with x-label, x-help, x-order) into fields to render,
and the posted values back into JSON values — typed values where they parse, the raw text
where they do not, so the citizen sees what they typed next to the error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.messages import render
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


def parse_values(service: ServiceVersion, post: QueryDict) -> dict[str, Any]:
    """The posted values of one service's fields; empty fields are left out."""
    values = {}
    for name, spec in service.form["properties"].items():
        value = _parse(spec, post.get(post_name(service.slug, name)))
        if value is not None:
            values[name] = value
    return values


def error_messages(problems: list[Any]) -> dict[str, str]:
    """Field path to its message in the active language."""
    return {p.field: render(p.code, p.params) for p in problems}
