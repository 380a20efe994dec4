"""The assistant's one use by citizens: map their own words to life situations and services.
Every answer is recorded (``records.py``) with what made it."""

from __future__ import annotations

import dataclasses
import time

from qyzmet.assistant.backends import backends
from qyzmet.assistant.backends.base import BackendUnavailable
from qyzmet.assistant.catalogue import current_corpus
from qyzmet.assistant.indexing import ready_backend
from qyzmet.assistant.models import RecordKind
from qyzmet.assistant.ranking import Routing, rank
from qyzmet.assistant.records import record_answer


def route_request(
    *, text: str, channel: str, language_hint: str | None = None, conversation: str = ""
) -> Routing:
    """Life situations and services for ``text``, best first, with a confidence and, when
    unsure, a clarifying question in ``language_hint`` (else the language detected).
    ``conversation`` names the session or chat, so that an application started from it
    later is linked to this answer (``records.record_applied``)."""
    corpus = current_corpus()
    backend, fallback = ready_backend(corpus)
    started = time.perf_counter()
    try:
        routing = rank(
            text=text, corpus=corpus, backend=backend, language_hint=language_hint,
            fallback=fallback,
        )  # fmt: skip
    except BackendUnavailable as failed:  # e.g. the index file vanished: words still work
        routing = rank(
            text=text, corpus=corpus, backend=backends()["lexical"], language_hint=language_hint,
            fallback=f"{backend.name}: {failed}",
        )  # fmt: skip
    record = record_answer(
        kind=RecordKind.ROUTING,
        text=text,
        channel=channel,
        conversation=conversation,
        language=routing.language,
        language_hint=language_hint or "",
        backend=routing.backend,
        backend_version=routing.backend_version,
        catalog_digest=routing.catalog_digest,
        fallback=routing.fallback,
        output=[s.as_json() for s in routing.suggestions],
        confidence=routing.confidence,
        status=routing.status,
        started=started,
        vocabulary=corpus.vocabulary,
    )
    return dataclasses.replace(routing, id=record.id)
