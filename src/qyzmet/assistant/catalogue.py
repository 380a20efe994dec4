"""The current catalogue as the assistant's corpus, read once per catalogue version and
process: two small queries tell whether anything changed since the last request."""

from __future__ import annotations

import threading

from qyzmet.assistant.corpus import Corpus, corpus_from_definitions
from qyzmet.catalog.models import LifeSituationVersion, ServiceVersion
from qyzmet.catalog.selectors import current_life_situations, current_services

_lock = threading.Lock()
Key = tuple[tuple[tuple[str, int, str], ...], tuple[tuple[str, int, str], ...]]
_cached: tuple[Key, Corpus] | None = None


def _key() -> Key:
    situations = current_life_situations().values_list("slug", "current_id", "current__digest")
    services = current_services().values_list("slug", "current_id", "current__digest")
    return (tuple(situations.order_by("slug")), tuple(services.order_by("slug")))


def current_corpus() -> Corpus:
    """The corpus of the catalogue's current life situations and services."""
    global _cached
    key = _key()
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        situations = LifeSituationVersion.objects.filter(pk__in=[k[1] for k in key[0]])
        services = ServiceVersion.objects.filter(pk__in=[k[1] for k in key[1]])
        corpus = corpus_from_definitions(
            life_situations=[v.definition for v in situations],
            services=[v.definition for v in services],
        )
        _cached = (key, corpus)
        return corpus
