"""The blended backend: the embedding model and the lexical index together. Each backend's
scores are divided by its temperature (so that both are log-probabilities up to a constant)
and added with weights fitted on the tuning set: the model understands paraphrases in any
language, the index catches the exact words, abbreviations and Latin-script Kazakh that the
model reads poorly.

Where the model is not installed or the catalogue is not embedded yet, it answers with the
lexical backend alone and says so (``used``), so that every answer is logged with the
backend that really made it."""

from __future__ import annotations

from qyzmet.assistant.backends.base import Backend, BackendUnavailable, Request, Scores
from qyzmet.assistant.backends.embedding import EmbeddingBackend
from qyzmet.assistant.backends.lexical import LexicalBackend
from qyzmet.assistant.corpus import Corpus

MODEL_WEIGHT = 0.55  # fitted on the tuning set (bench/assistant_eval.py --fit); words have the rest


class BlendedBackend(Backend):
    name = "blended"

    def __init__(self, *, embedding: EmbeddingBackend, lexical: LexicalBackend) -> None:
        self.embedding = embedding
        self.lexical = lexical

    @property
    def version(self) -> str:
        return f"blended-1 ({self.embedding.version} × {MODEL_WEIGHT}; {self.lexical.version})"

    def available(self) -> bool:
        return self.embedding.available()

    def ready(self, corpus: Corpus) -> bool:
        return self.embedding.ready(corpus) and self.lexical.ready(corpus)

    def prepare(self, corpus: Corpus) -> None:
        self.lexical.prepare(corpus)
        self.embedding.prepare(corpus)

    def score(self, corpus: Corpus, request: Request) -> Scores:
        if not self.ready(corpus):
            raise BackendUnavailable("the embedding backend is not ready")
        model = self.embedding.score(corpus, request)
        words = self.lexical.score(corpus, request)
        logits = [
            MODEL_WEIGHT * a + (1 - MODEL_WEIGHT) * b
            for a, b in zip(model.logits, words.logits, strict=True)
        ]
        # The words alone may match what the model does not know (an abbreviation).
        return Scores(logits, model.matched or max(words.logits) * self.lexical.temperature >= 0.3)
