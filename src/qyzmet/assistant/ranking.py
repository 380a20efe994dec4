"""From a citizen's words to ranked suggestions, without the database: detect the language,
read Latin-script Kazakh and Russian in Cyrillic for the model, score every target with a
backend, turn the scores into probabilities, and decide whether the assistant is sure, unsure
(it asks which of the top choices is meant) or found nothing.

``routing.route_request`` wraps this with the current catalogue and the log."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

from qyzmet.assistant.backends.base import Backend, Request
from qyzmet.assistant.corpus import LIFE_SITUATION, Corpus
from qyzmet.assistant.languages import ENGLISH_WORDS, Detected, detect_language
from qyzmet.assistant.questions import clarifying_question
from qyzmet.assistant.text import as_cyrillic

PLATFORM_LANGUAGES = ("kk", "ru", "en")
SUGGESTIONS = 5  # at least three, by the CLI's contract
CONFIDENT = 0.7  # the top suggestion's probability from which the assistant is sure (tuning)
ASK_ABOUT_THIRD = 0.15  # the third choice is named in the question from this probability
LONGEST = 2000  # characters of a request that are read
# Words of a request the model reads: its time grows with them, and the lexical backend reads
# them all. Chosen on the tuning part: 16 words kept its accuracy and cut the model's p95.
MODEL_WORDS = 16
LONG = 12  # words from which a request tells a story: the life situation is likelier
LONG_SITUATION_PRIOR = 2.75  # added to life situations' logits then (fitted on the tuning set)


class Status:
    CONFIDENT = "confident"  # the first suggestion is very likely what is meant
    UNSURE = "unsure"  # ask which of the top choices is meant
    NO_MATCH = "no_match"  # nothing in the catalogue is close


@dataclass(frozen=True)
class Suggestion:
    kind: str  # life_situation or service
    id: str
    title: dict[str, str]
    score: float  # the probability that this is what the citizen means, 0 to 1

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "score": self.score}


@dataclass(frozen=True)
class Routing:
    """The assistant's answer: suggestions best first (at least three), how sure it is, and
    when unsure the question to ask. ``id`` is its record, once logged."""

    language: str
    language_how: str
    suggestions: list[Suggestion]
    confidence: float
    status: str
    question: str  # the clarifying question when unsure, in ``reply_language``
    asked: int  # how many of the first suggestions the question names
    reply_language: str
    backend: str
    backend_version: str
    catalog_digest: str
    fallback: str = ""  # why another backend than the one configured answered
    id: uuid.UUID | None = None

    @property
    def top(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


def read_request(
    text: str, corpus: Corpus, language_hint: str | None = None
) -> tuple[Request, Detected]:
    """The request as backends receive it, with its language detected."""
    text = " ".join(text.split())[:LONGEST]
    detected = detect_language(text, corpus.vocabulary)
    if detected.how == "default" and language_hint in PLATFORM_LANGUAGES:
        detected = Detected(str(language_hint), detected.script, "hint")
    model_text = text
    if detected.script == "latin" and detected.language in ("kk", "ru"):
        english = corpus.vocabulary.get("en", frozenset()) | ENGLISH_WORDS
        model_text = as_cyrillic(text, keep=english)
    model_text = " ".join(model_text.split()[:MODEL_WORDS])
    return Request(text=text, language=detected.language, model_text=model_text), detected


def _probabilities(logits: list[float]) -> list[float]:
    top = max(logits)
    weights = [math.exp(v - top) for v in logits]
    total = sum(weights)
    return [w / total for w in weights]


def rank(
    *,
    text: str,
    corpus: Corpus,
    backend: Backend,
    language_hint: str | None = None,
    fallback: str = "",
    limit: int = SUGGESTIONS,
) -> Routing:
    """Rank the catalogue's life situations and services for ``text`` with ``backend``."""
    request, detected = read_request(text, corpus, language_hint)
    reply = language_hint if language_hint in PLATFORM_LANGUAGES else request.language
    reply = reply if reply in PLATFORM_LANGUAGES else "ru"
    suggestions: list[Suggestion] = []
    status, confidence, question, asked = Status.NO_MATCH, 0.0, "", 0
    if request.text and corpus.targets:
        scores = backend.score(corpus, request)
        logits = scores.logits
        if len(request.text.split()) >= LONG:
            logits = [
                v + (LONG_SITUATION_PRIOR if t.kind == LIFE_SITUATION else 0.0)
                for v, t in zip(logits, corpus.targets, strict=True)
            ]
        probabilities = _probabilities(logits)
        order = sorted(range(len(corpus.targets)), key=lambda i: (-probabilities[i], i))
        for number in order[: max(limit, 3)]:
            target = corpus.targets[number]
            suggestions.append(
                Suggestion(target.kind, target.slug, target.title, round(probabilities[number], 4))
            )
        confidence = suggestions[0].score
        if not scores.matched:
            status = Status.NO_MATCH
        elif confidence >= CONFIDENT:
            status = Status.CONFIDENT
        else:
            status = Status.UNSURE
            asked = 3 if suggestions[2].score >= ASK_ABOUT_THIRD else 2
            question = clarifying_question([s.title for s in suggestions[:asked]], reply)
    return Routing(
        language=request.language,
        language_how=detected.how,
        suggestions=suggestions,
        confidence=confidence,
        status=status,
        question=question,
        asked=asked,
        reply_language=reply,
        backend=backend.name,
        backend_version=backend.version,
        catalog_digest=corpus.digest,
        fallback=fallback,
    )
