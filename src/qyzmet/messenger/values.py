"""Values as the bot writes them: registry data (as the portal's check page shows it) and the
values of form fields, in the chat's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from qyzmet.applications.facts import present
from qyzmet.core.texts import pick
from qyzmet.messenger.texts import say


def _text(value: Any, language: str) -> str:
    return pick(value, language) if isinstance(value, dict) else str(value)


def _item(item: Any, language: str) -> str:
    if not isinstance(item, dict):
        return str(item)
    if "full_name" in item:
        born = f" ({item['birth_date']})" if item.get("birth_date") else ""
        return f"{_text(item['full_name'], language)}{born}"
    if "cadastral_number" in item:
        where = item.get("address") or {}
        return ", ".join(
            p for p in (item["cadastral_number"], _text(where.get("text", ""), language)) if p
        )
    if "vin" in item:
        return f"{item.get('make', '')} {item.get('model', '')}, {item.get('plate', '')}".strip()
    if "bin" in item:
        return f"{item.get('name', '')} ({item['bin']})"
    return ", ".join(str(v) for v in item.values())


def describe(value: Any, language: str) -> str:
    """A registry value (a name, an address, a document, a list of children...) as text."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(_item(item, language) for item in value)
    if not isinstance(value, dict):
        return str(value)
    if "text" in value:
        return _text(value["text"], language)
    if "ru" in value or "kk" in value:
        return pick(value, language)
    if "number" in value and "kind" in value:
        expires = f", {value['expires_on']}" if value.get("expires_on") else ""
        with translation.override(language):  # "identity card", not the code "id-card"
            kind = present(value["kind"], "kind")
        return f"{kind} № {value['number']}{expires}"
    return _item(value, language)


def form_value(spec: dict[str, Any], value: Any, language: str) -> str:
    """A form field's value: yes or no, a choice's label, or the value as typed."""
    if isinstance(value, bool):
        return say("yes" if value else "no", language)
    if "enum" in spec and value in spec["enum"]:
        labels = spec.get("x-enum-labels") or []
        index = spec["enum"].index(value)
        return pick(labels[index], language) if index < len(labels) else str(value)
    return describe(value, language)
