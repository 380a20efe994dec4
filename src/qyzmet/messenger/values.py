"""Values as the bot writes them: registry data (as the portal's check page shows it, through
``registries.presentation``) and the values of form fields, in the chat's language."""

from __future__ import annotations

from typing import Any

from qyzmet.core.texts import pick
from qyzmet.messenger.texts import say
from qyzmet.registries.presentation import date as in_words_date
from qyzmet.registries.presentation import present, present_as, present_person


def describe(path: str, value: Any, language: str) -> str:
    """The value of the registry field at ``path`` in one line: a date in the language, a code
    as a word, a list joined ("none" when empty)."""
    return present(path, value, language).plain()


def person(value: dict[str, Any], language: str) -> str:
    """A relative the registry lists (a child to choose): name and birth date."""
    return present_person(value, language).text


def form_value(spec: dict[str, Any], value: Any, language: str) -> str:
    """A form field's value: yes or no, a choice's label, a date in the language, or the value
    as typed."""
    if isinstance(value, bool):
        return say("yes" if value else "no", language)
    if "enum" in spec and value in spec["enum"]:
        labels = spec.get("x-enum-labels") or []
        index = spec["enum"].index(value)
        return pick(labels[index], language) if index < len(labels) else str(value)
    if spec.get("format") == "date" and isinstance(value, str) and value:
        return in_words_date(value, language)
    return present_as(None, value, language).plain()
