"""Finding life situations and services by plain words, in any of the three languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qyzmet.catalog.models import LifeSituation, Service
from qyzmet.catalog.selectors import current_life_situations, current_services

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    kind: str  # "life_situation" or "service"
    slug: str
    title: dict[str, str]
    score: int


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 2}


def _texts(definition: dict[str, Any]) -> list[str]:
    texts = list(definition["title"].values()) + list(definition["description"].values())
    for phrases in definition.get("phrasings", {}).values():
        texts.extend(phrases)
    return texts


def _score(query: set[str], definition: dict[str, Any]) -> int:
    haystack = _words(" ".join(_texts(definition)))
    # A query word counts when a catalogue word starts with its first five letters, so
    # "прописаться" finds "прописка" and "переезд" finds "переезжаю".
    return sum(1 for q in query if any(w.startswith(q[:5]) for w in haystack))


def search_catalog(query: str, *, limit: int = 10) -> list[Match]:
    """Life situations and services whose texts or example phrasings share words with
    ``query``, best first (life situations before services on a tie)."""
    words = _words(query)
    if not words:
        return []
    matches: list[Match] = []
    situation: LifeSituation
    for situation in current_life_situations():
        assert situation.current is not None
        score = _score(words, situation.current.definition)
        if score:
            matches.append(
                Match("life_situation", situation.slug, situation.current.title, score + 1)
            )
    service: Service
    for service in current_services():
        assert service.current is not None
        score = _score(words, service.current.definition)
        if score:
            matches.append(Match("service", service.slug, service.current.title, score))
    return sorted(matches, key=lambda m: -m.score)[:limit]
