"""Texts in the three languages of the platform: Kazakh, Russian and English."""

from __future__ import annotations

from django.utils import translation

LANGUAGES = ("kk", "ru", "en")
FALLBACK = "ru"

Text = dict[str, str]


def current_language() -> str:
    language = (translation.get_language() or FALLBACK).split("-")[0]
    return language if language in LANGUAGES else FALLBACK


def pick(text: Text | None, language: str | None = None) -> str:
    """The text in ``language`` (the active one by default), falling back to Russian."""
    if not text:
        return ""
    language = language or current_language()
    return text.get(language) or text.get(FALLBACK) or next(iter(text.values()), "")
