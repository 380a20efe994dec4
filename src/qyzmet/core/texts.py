"""Texts in the three languages of the platform: Kazakh, Russian and English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

LANGUAGES = ("kk", "ru", "en")
FALLBACK = "ru"

Text = dict[str, str]


def filled(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``values`` (``str.format``); a value that ends a sentence itself takes
    the place of the template's full stop after it, not one more: "до {until}." with the
    Russian date "6 марта 2027 г." reads "до 6 марта 2027 г.", not "г.."."""
    for key, value in values.items():
        if str(value).endswith("."):
            template = template.replace(f"{{{key}}}.", f"{{{key}}}")
    return template.format(**values)


def current_language() -> str:
    language = (translation.get_language() or FALLBACK).split("-")[0]
    return language if language in LANGUAGES else FALLBACK


def pick(text: Text | None, language: str | None = None) -> str:
    """The text in ``language`` (the active one by default), falling back to Russian."""
    if not text:
        return ""
    language = language or current_language()
    return text.get(language) or text.get(FALLBACK) or next(iter(text.values()), "")
