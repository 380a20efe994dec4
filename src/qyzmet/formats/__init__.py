"""Date and number formats per language (Django format modules, FORMAT_MODULE_PATH), and
dates said in every language for texts rendered later in the reader's language
(notifications, messenger lines, messages)."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone, translation

LANGUAGES = ("kk", "ru", "en")


def date_text(value: datetime.date | datetime.datetime, format: str = "DATE_FORMAT") -> dict:
    """``value`` in each language's ``format`` ("2026 жылғы 5 желтоқсан", "5 декабря 2026 г.",
    "5 December 2026"); a moment is shown in the platform's time zone."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    said = {}
    for language in LANGUAGES:
        with translation.override(language):
            said[language] = formats.date_format(value, format)
    return said
