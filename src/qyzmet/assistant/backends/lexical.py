"""The lexical backend: BM25 over words (Russian lemmas, English stems, folded Kazakh) and
their character n-grams, over every title, description and example phrasing of the
catalogue. It needs no model: it is the fallback where the embedding model is not installed,
and half of the blend where it is.

A target's score is its best entry's score plus a share of the score of all its texts taken
together, so one close phrasing counts most and many partial ones add up. Character n-grams
tolerate typos and Kazakh endings; Latin-script words are read both as English and as
transliterated Kazakh or Russian, whichever the catalogue knows."""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

from qyzmet.assistant.backends.base import Backend, BackendUnavailable, Request, Scores
from qyzmet.assistant.corpus import Corpus
from qyzmet.assistant.text import (
    KAZAKH_LETTERS,
    STOPWORDS,
    english_stem,
    fold,
    is_latin,
    is_russian,
    kazakh_stem,
    latin_to_cyrillic,
    russian_lemma,
    words,
)

K1, B = 1.2, 0.5
WORD_WEIGHT = 1.0  # a whole word (lemma) feature
GRAM_WEIGHT = 0.35  # a character n-gram feature
TYPO_WEIGHT = 0.7  # the known word closest to an unknown one (one or two letters off)
GRAMS = (3, 4)
Bag = dict[str, float]  # weighted features of a text
TARGET_SHARE = 0.5  # the weight of all a target's texts together, beside its best entry
FIELD_WEIGHTS = {"phrasing": 1.0, "title": 1.0, "description": 0.6}


def _grams(word: str) -> list[str]:
    marked = f"#{word}#"
    return [marked[i : i + n] for n in GRAMS for i in range(len(marked) - n + 1)]


def _cyrillic_word(word: str) -> str:
    """A Cyrillic word's lemma (Russian) or stem (Kazakh, and words Russian does not know)."""
    if KAZAKH_LETTERS.search(word) or not is_russian(word):
        return kazakh_stem(fold(word))
    return fold(russian_lemma(word))


def _word_features(
    word: str, known: frozenset[str] | None, spelling: Spelling | None = None
) -> list[tuple[str, float]]:
    """A word's features. ``known`` is the index's vocabulary, with ``spelling`` to correct
    typos; None while the index is built (the catalogue's Latin-script words are English)."""
    if word.isdigit():
        return [(f"w:{word}", WORD_WEIGHT)]
    if not is_latin(word):
        lemma = _cyrillic_word(word)
        grams = _gram_features(word)
        if known is None or f"w:{lemma}" in known:
            return [(f"w:{lemma}", WORD_WEIGHT), *grams]
        return [*_corrected(fold(word), spelling), *grams]
    english = english_stem(word)
    if known is None or f"w:{english}" in known or len(word) < 3:
        return [(f"w:{english}", WORD_WEIGHT), *_gram_features(word)]
    cyrillic = latin_to_cyrillic(word)
    lemma = _cyrillic_word(cyrillic)
    if f"w:{lemma}" in known:
        return [(f"w:{lemma}", WORD_WEIGHT), *_gram_features(cyrillic)]
    # Unknown either way (a typo, a rare word): the closest known word of either reading,
    # and the n-grams of both.
    corrected = _corrected(english, spelling) or _corrected(cyrillic, spelling)
    return [*corrected, *_gram_features(word, 0.5), *_gram_features(cyrillic, 0.5)]


def _corrected(word: str, spelling: Spelling | None) -> list[tuple[str, float]]:
    closest = spelling.closest(word) if spelling else None
    return [(f"w:{closest}", TYPO_WEIGHT)] if closest else []


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Spelling:
    """The index's words by their trigrams, to find the word a typo meant."""

    def __init__(self, known: frozenset[str]) -> None:
        self.words: dict[str, set[str]] = defaultdict(set)
        for feature in known:
            word = feature[2:]
            if len(word) >= 4 and not word.isdigit():
                for gram in _grams(word):
                    if len(gram) == 3:
                        self.words[gram].add(word)

    def closest(self, word: str) -> str | None:
        if len(word) < 4:
            return None
        limit = 1 if len(word) < 7 else 2
        shared: Counter[str] = Counter()
        for gram in {g for g in _grams(word) if len(g) == 3}:
            shared.update(self.words.get(gram, ()))
        best, distance = None, limit + 1
        for candidate, _ in shared.most_common(30):
            found = edit_distance(word, candidate, limit)
            if found < distance:
                best, distance = candidate, found
        return best


def _gram_features(word: str, share: float = 1.0) -> list[tuple[str, float]]:
    grams = _grams(fold(word))
    return [(g, share * GRAM_WEIGHT / len(grams)) for g in grams]


def features(
    text: str, known: frozenset[str] | None = None, spelling: Spelling | None = None
) -> Bag:
    """The weighted features of ``text``; ``known`` is the index's vocabulary of words (a
    request's Latin-script words are read as whichever language it knows them in)."""
    bag: Bag = defaultdict(float)
    for word in words(text):
        if fold(word) in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        for feature, weight in _word_features(word, known, spelling):
            bag[feature] += weight
    return bag


@dataclass
class _Bm25:
    """An inverted index of documents (bags of features) with BM25 weights precomputed."""

    postings: dict[str, list[tuple[int, float]]]
    size: int

    @classmethod
    def build(cls, documents: list[Bag]) -> _Bm25:
        lengths = [sum(doc.values()) or 1.0 for doc in documents]
        average = sum(lengths) / max(len(lengths), 1)
        frequency: Counter[str] = Counter()
        for doc in documents:
            frequency.update(doc.keys())
        n = len(documents)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, doc in enumerate(documents):
            norm = K1 * (1 - B + B * lengths[number] / average)
            for feature, tf in doc.items():
                idf = math.log(1 + (n - frequency[feature] + 0.5) / (frequency[feature] + 0.5))
                postings[feature].append((number, idf * tf * (K1 + 1) / (tf + norm)))
        return cls(dict(postings), n)

    def scores(self, query: Bag) -> list[float]:
        scores = [0.0] * self.size
        for feature, weight in query.items():
            for number, value in self.postings.get(feature, ()):
                scores[number] += weight * value
        return scores


@dataclass
class LexicalIndex:
    digest: str
    entries: _Bm25
    targets: _Bm25
    owner: list[int]  # entry -> target
    known: frozenset[str]
    spelling: Spelling

    @classmethod
    def build(cls, corpus: Corpus) -> LexicalIndex:
        bags = [features(e.text) for e in corpus.entries]
        for bag, entry in zip(bags, corpus.entries, strict=True):
            weight = FIELD_WEIGHTS[entry.field]
            if weight != 1.0:
                for feature in bag:
                    bag[feature] *= weight
        per_target: list[Bag] = [defaultdict(float) for _ in corpus.targets]
        for bag, entry in zip(bags, corpus.entries, strict=True):
            for feature, weight in bag.items():
                per_target[entry.target][feature] += weight
        known = frozenset(f for bag in bags for f in bag if f.startswith("w:"))
        return cls(
            digest=corpus.digest,
            entries=_Bm25.build(bags),
            targets=_Bm25.build(per_target),
            owner=[e.target for e in corpus.entries],
            known=known,
            spelling=Spelling(known),
        )

    def score(self, text: str) -> list[float]:
        query = features(text, self.known, self.spelling)
        if not query:
            return [0.0] * self.targets.size
        norm = sum(query.values())
        best = [0.0] * self.targets.size
        for number, value in enumerate(self.entries.scores(query)):
            target = self.owner[number]
            if value > best[target]:
                best[target] = value
        together = self.targets.scores(query)
        return [(b + TARGET_SHARE * t) / norm for b, t in zip(best, together, strict=True)]


class LexicalBackend(Backend):
    name = "lexical"
    temperature = 0.235  # fitted on the tuning set (bench/assistant_eval.py --fit)
    floor = 0.12  # below: typing noise ("qwzx") scores up to 0.1, real requests from 0.14 up

    def __init__(self) -> None:
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return "lexical-1 (bm25 words+char3-4grams, pymorphy3)"

    def ready(self, corpus: Corpus) -> bool:
        return True  # building the index takes well under a second: done on first use

    def prepare(self, corpus: Corpus) -> None:
        self._get(corpus)

    def _get(self, corpus: Corpus) -> LexicalIndex:
        index = self._index
        if index is None or index.digest != corpus.digest:
            with self._lock:
                index = self._index
                if index is None or index.digest != corpus.digest:
                    index = self._index = LexicalIndex.build(corpus)
        return index

    def similarity(self, corpus: Corpus, request: Request) -> list[float]:
        if not corpus.targets:
            raise BackendUnavailable("the catalogue is empty")
        return self._get(corpus).score(request.text)

    def score(self, corpus: Corpus, request: Request) -> Scores:
        raw = self.similarity(corpus, request)
        return Scores([v / self.temperature for v in raw], max(raw) >= self.floor)
