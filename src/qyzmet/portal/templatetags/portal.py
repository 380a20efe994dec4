"""Portal template helpers: names of registry fields and form fields in the active language."""

from __future__ import annotations

from typing import Any

from django import template

from qyzmet.core.texts import pick
from qyzmet.registries.fields import FIELD_LABELS, REGISTRY_NAMES

register = template.Library()


@register.filter
def registry_field_label(path: str) -> str:
    return pick(FIELD_LABELS.get(path)) or path


@register.filter
def registry_name(path: str) -> str:
    registry = path.split(".", 1)[0]
    return pick(REGISTRY_NAMES.get(registry)) or registry


@register.filter
def field_label(spec: dict[str, Any]) -> str:
    return pick(spec.get("x-label"))
