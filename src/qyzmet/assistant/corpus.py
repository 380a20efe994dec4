"""What the assistant knows of the catalogue: each life situation and service (a *target*) with
its texts in every language: the title, the description and the example phrasings (how
citizens ask for it). The backends index these texts; nothing else.

A corpus has a digest of everything it holds, which is the catalogue version the assistant
logs with each answer and the key of every cache built from it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from qyzmet.assistant.text import english_stem, fold, words

LIFE_SITUATION = "life_situation"
SERVICE = "service"
KINDS = (LIFE_SITUATION, SERVICE)


@dataclass(frozen=True)
class Target:
    """A life situation or a service the assistant can suggest."""

    kind: str
    slug: str
    version: int
    title: dict[str, str]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.slug}"


@dataclass(frozen=True)
class Entry:
    """One text of a target: ``field`` is title, description or phrasing."""

    target: int  # index into Corpus.targets
    field: str
    language: str
    text: str


@dataclass(frozen=True)
class Corpus:
    targets: tuple[Target, ...]
    entries: tuple[Entry, ...]
    digest: str

    @cached_property
    def vocabulary(self) -> dict[str, frozenset[str]]:
        """The words of each language's texts, folded (English: and their stems), which tell
        the languages apart better than any list."""
        found: dict[str, set[str]] = {}
        for entry in self.entries:
            known = found.setdefault(entry.language, set())
            for word in words(entry.text):
                known.add(fold(word))
                if entry.language == "en":
                    known.add(english_stem(word))
        return {language: frozenset(known) for language, known in found.items()}

    def index_of(self, key: str) -> int | None:
        for number, target in enumerate(self.targets):
            if target.key == key:
                return number
        return None


def _entries(number: int, definition: dict[str, Any]) -> list[Entry]:
    entries = []
    for field in ("title", "description"):
        for language, text in sorted(definition[field].items()):
            entries.append(Entry(number, field, language, text))
    for language, phrases in sorted(definition.get("phrasings", {}).items()):
        entries.extend(Entry(number, "phrasing", language, text) for text in phrases)
    return entries


def corpus_from_definitions(
    *, life_situations: Iterable[dict[str, Any]], services: Iterable[dict[str, Any]]
) -> Corpus:
    """The corpus of catalogue definitions (as in the YAML files), life situations first,
    each kind in the order of its ids."""
    targets: list[Target] = []
    entries: list[Entry] = []
    signed: list[Any] = []
    for kind, definitions in ((LIFE_SITUATION, life_situations), (SERVICE, services)):
        for definition in sorted(definitions, key=lambda d: str(d["id"])):
            number = len(targets)
            targets.append(
                Target(kind, definition["id"], int(definition["version"]), definition["title"])
            )
            entries.extend(_entries(number, definition))
            signed.append(
                [kind, definition["id"], definition["version"], definition["title"],
                 definition["description"], definition.get("phrasings", {})]
            )  # fmt: skip
    canonical = json.dumps(signed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return Corpus(tuple(targets), tuple(entries), digest)
