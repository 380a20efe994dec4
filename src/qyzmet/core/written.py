"""Texts that are shown in the reader's language, and texts someone wrote in one language.

A reason, a note or a message may be made of parts: a ``Text`` in kk/ru/en (a catalogue reason
template, a check's message) is shown in the reader's language; what a person wrote (an
officer's reason) is a ``written`` part, shown as written and never machine translated. When it
is in another language than the reader's, it is marked with its language (``lang``) and a note
says so. Parts are plain JSON, so they are stored with a case or a notification and shown later
in whatever language the reader has chosen then.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from qyzmet.core.texts import LANGUAGES, pick

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]{2,}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def guess_language(text: str) -> str:
    """The language ``text`` is written in, by its letters: Kazakh when a fifth of its Cyrillic
    words have letters only Kazakh has (a Kazakh name in a Russian sentence does not make it
    Kazakh), else Russian for Cyrillic, English for Latin, "" when it has no words."""
    cyrillic = CYRILLIC_WORD.findall(text)
    latin = LATIN_WORD.findall(text)
    if not cyrillic and not latin:
        return ""
    if len(latin) > len(cyrillic):
        return "en"
    kazakh = sum(1 for word in cyrillic if KAZAKH_LETTERS.search(word))
    return "kk" if kazakh * 5 >= len(cyrillic) else "ru"


def written(text: str, language: str = "") -> dict[str, str]:
    """A part someone wrote: shown as written, marked with its language."""
    language = language if language in LANGUAGES else guess_language(text)
    return {"written": text, "language": language}


def is_written(value: Any) -> bool:
    return isinstance(value, dict) and "written" in value


def parts_of(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [part for part in value if part]
    return [value] if value else []


def note_on(part: dict[str, str], language: str) -> str:
    """ "Written by the officer in Russian", in ``language``; "" when it is ``language``."""
    from qyzmet.core.messages import MESSAGES  # the table imports this module's neighbours

    source = part.get("language", "")
    if not source or source == language or f"written.{source}" not in MESSAGES:
        return ""
    return pick(MESSAGES[f"written.{source}"], language)


def as_text(value: Any, language: str) -> str:
    """The parts as plain text in ``language`` (a message, an SMS, an API field)."""
    shown = []
    for part in parts_of(value):
        if is_written(part):
            note = note_on(part, language)
            shown.append(f"{part['written']}\n({note})" if note else part["written"])
        elif isinstance(part, dict):
            shown.append(pick(part, language))
        else:
            shown.append(str(part))
    return "\n\n".join(text for text in shown if text)


def as_html(value: Any, language: str) -> SafeString:
    """The parts as HTML in ``language``: a written part in another language in its own
    ``lang`` and followed by the note saying who wrote it in which language."""
    shown = []
    for part in parts_of(value):
        if is_written(part):
            text = _lines(part["written"])
            note = note_on(part, language)
            if not note:
                shown.append(text)
                continue
            shown.append(
                format_html(
                    '<span lang="{}">{}</span><br><span class="muted written-note">{}</span>',
                    part["language"],
                    text,
                    note,
                )
            )
        else:
            shown.append(_lines(pick(part, language) if isinstance(part, dict) else str(part)))
    return mark_safe("<br><br>".join(shown))  # every part escaped above


def _lines(text: str) -> SafeString:
    return mark_safe("<br>".join(conditional_escape(line) for line in text.split("\n")))
