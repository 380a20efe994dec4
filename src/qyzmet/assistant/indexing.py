"""Building what the backends need for the current catalogue, away from web requests: a
worker's job (enqueued by the first request that finds it missing), ``qyzmet assistant
index`` and ``qyzmet demo``."""

from __future__ import annotations

import logging
import threading

from qyzmet.assistant.backends import backends, configured
from qyzmet.assistant.backends.base import Backend
from qyzmet.assistant.catalogue import current_corpus
from qyzmet.assistant.corpus import Corpus

logger = logging.getLogger(__name__)
_requested: set[str] = set()
_lock = threading.Lock()


def index_catalogue() -> str:
    """Prepare every available backend for the current catalogue; its digest."""
    corpus = current_corpus()
    for name in ("lexical", "embedding"):
        backend = backends()[name]
        if backend.available():
            backend.prepare(corpus)
    return corpus.digest


def request_index(corpus: Corpus) -> None:
    """Enqueue the job that prepares the configured backend, once per catalogue and process."""
    with _lock:
        if corpus.digest in _requested:
            return
        _requested.add(corpus.digest)
    from qyzmet.assistant.tasks import index

    index.enqueue()
    logger.info("The assistant's index of catalogue %s is being built", corpus.digest[:12])


def ready_backend(corpus: Corpus) -> tuple[Backend, str]:
    """The configured backend if it can answer now, else the lexical one and why."""
    backend = configured()
    if backend.ready(corpus):
        return backend, ""
    if not backend.available():
        return backends()["lexical"], f"{backend.name}: the model package is not installed"
    request_index(corpus)
    return backends()["lexical"], f"{backend.name}: the catalogue is being indexed"
