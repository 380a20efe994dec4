"""Keeping personal data out of the assistant's records: the text asked is stored with
identifiers, numbers, contacts and names replaced, beside a keyed hash of the original (to
count repeats without reading them). The key is derived from the secret key, so the hash
cannot be recomputed from a guess without it."""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

from django.conf import settings

from qyzmet.assistant.text import WORD, fold, latin_to_cyrillic
from qyzmet.registries import names

PATTERNS = (  # most specific first
    ("[EMAIL]", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("[LINK]", re.compile(r"\bhttps?://\S+", re.IGNORECASE)),
    ("[IBAN]", re.compile(r"\bKZ\d{2}[A-Z0-9]{13,16}\b", re.IGNORECASE)),
    ("[VIN]", re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b", re.IGNORECASE)),
    ("[IIN]", re.compile(r"(?<!\d)\d{12}(?!\d)")),
    ("[PHONE]", re.compile(r"(?:\+7|\b8)[\s(-]*7\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b")),
    ("[NUMBER]", re.compile(r"\b\d{2}:\d{3}:\d{3}:\d{3,4}\b")),  # cadastral numbers
    ("[DATE]", re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")),
    ("[PLATE]", re.compile(r"\b\d{3}\s?[A-Z]{2,3}\s?\d{2}\b", re.IGNORECASE)),
    ("[NUMBER]", re.compile(r"\d[\d\s]{3,}\d|\d{4,}")),
)
NAME_CUES = re.compile(
    r"(?:меня зовут|моя фамилия|менің атым|атым|тегім|my name is|i am called)\s+(\w+)",
    re.IGNORECASE,
)


def text_digest(text: str) -> str:
    """HMAC-SHA256 of ``text`` (whitespace and case normalised) with a key of its own."""
    key = hashlib.sha256(f"qyzmet.assistant.text:{settings.SECRET_KEY}".encode()).digest()
    normalised = " ".join(text.casefold().split())
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def conversation_digest(conversation: str) -> str:
    """The keyed hash of a session or chat reference, to link answers to applications."""
    return text_digest(f"conversation:{conversation}")[:64] if conversation else ""


VOWELS = "аеиоуыэюя"


def _with_stems(words: set[str]) -> frozenset[str]:
    """Folded words, and those ending in a vowel without it (Астана → астан: Астану)."""
    stems = {w[:-1] for w in words if len(w) >= 5 and w[-1] in VOWELS}
    return frozenset(w for w in words | stems if len(w) >= 3)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Cities, towns and regions: not personal, and what the auditors need to read."""
    found = {fold(n) for town in names.TOWNS for n in town[2:4]}
    found.update(fold(n) for region in names.REGIONS for n in region[1:3] if " " not in n)
    return _with_stems(found)


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    found: set[str] = set()
    pairs = (*names.MALE_KAZAKH, *names.FEMALE_KAZAKH, *names.SURNAMES_KAZAKH)
    for pair in pairs:
        found.update(fold(name) for name in pair)
    for name in (*names.MALE_SLAVIC, *names.FEMALE_SLAVIC, *names.SURNAMES_OTHER):
        found.add(fold(name))
    return _with_stems(found)


def _in(folded: str, known: frozenset[str]) -> bool:
    """``folded`` is a known word in some case form: Айгерим, Айгерімге, Алматыға."""
    if folded in known:
        return True
    return any(
        folded[:length] in known
        for length in range(len(folded) - 1, 3, -1)
        if len(folded) - length <= 4
    )


def _reading(word: str) -> str:
    folded = fold(word)
    return latin_to_cyrillic(folded) if folded.isascii() else folded


def _is_name(word: str) -> bool:
    folded = _reading(word)
    return folded.isalpha() and _in(folded, _known_names()) and not _in(folded, _places())


def redact(text: str, *, vocabulary: frozenset[str] = frozenset()) -> str:
    """``text`` with identifiers, numbers, contacts and people's names replaced by their kind.
    A capitalised word inside a sentence that the catalogue does not use (``vocabulary``,
    folded) is taken for a name too."""
    for label, pattern in PATTERNS:
        text = pattern.sub(label, text)
    text = NAME_CUES.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "[NAME]", text)

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        start = match.start()
        before = text[:start].rstrip()
        inside = bool(before) and before[-1] not in ".!?:[" and not before.endswith("[")
        capitalised = word[:1].isupper() and not word.isupper()
        unknown = fold(word) not in vocabulary
        if _is_name(word) and (capitalised or unknown):
            return "[NAME]"
        if capitalised and inside and unknown and len(word) > 2:
            return word if _in(_reading(word), _places()) else "[NAME]"
        return word

    return WORD.sub(replace, text)
