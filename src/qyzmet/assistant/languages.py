"""Which language a request is in: Kazakh (Cyrillic or Latin script), Russian or English, and
best effort others.

Short requests defeat statistical detectors (and none of them knows Latin-script Kazakh), so
words decide first: Kazakh letters, Kazakh and Russian words and endings, English function
words. Where words leave it open, lingua (if installed, restricted to the languages asked
about) decides; without it, Russian for Cyrillic and English for Latin script."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

from qyzmet.assistant.text import (
    CYRILLIC,
    KAZAKH_LETTERS,
    LATIN,
    english_stem,
    fold,
    is_russian,
    latin_to_cyrillic,
    words,
)

# Common Kazakh words in folded Cyrillic (as typed on either keyboard, or transliterated).
_KAZAKH_WORDS = """
    керек жок бар мен сен биз олар не калаи кандаи туралы ушин уши алу беру ету жасау болу
    бала балам баламыз балама баланы балалар кызым улым анам екем акем атам ажем еже ага
    рахмет селем салем саламатсызба калаисыз жане немесе бирак енди казир кеше
    бугин биыл ертен туылды туды келди алдым алдык болды кетти калдым жатырмын жатырмыз
    керекпин кажет аитыныз комектесиниз дуние дуниеге жеке куалик куалигим кужат кужаттар
    тиркелу тиркеу ашу ашкым келеди истеу истеимин ресимдеу сатып петер уи колик
"""
KAZAKH_WORDS = frozenset(fold(_KAZAKH_WORDS).split())
KAZAKH_ENDINGS = ("дым", "дим", "тым", "тим", "мын", "мин", "пын", "пин", "дык", "дик", "лык",
                  "лик", "ымыз", "имиз", "мыз", "миз", "ганмын", "генмин", "уге", "ыга", "ге",
                  "га", "ка", "ке", "нын", "нин", "дын", "дин", "лар", "лер", "дар", "дер", "тар",
                  "тер", "ды", "ди")  # fmt: skip
_ENGLISH_WORDS = """
    the a an i my me we our you your he she his her it is am are was were be been to of in
    on at for with from by and or but how what when where why do does did have has had can
    could would should will need want get got lost just new please hi hello this that there
"""
ENGLISH_WORDS = frozenset(_ENGLISH_WORDS.split())
RUSSIAN_ONLY_LETTERS = re.compile(r"[ёъщ]", re.IGNORECASE)
SCRIPTS = {  # a Unicode script word → language, for scripts of one language
    "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "ARABIC": "ar",
    "HEBREW": "he", "GREEK": "el", "GEORGIAN": "ka", "ARMENIAN": "hy", "DEVANAGARI": "hi",
    "THAI": "th",
}  # fmt: skip
Vocabulary = dict[str, frozenset[str]]
LINGUA_CODES = {"KAZAKH": "kk", "RUSSIAN": "ru", "ENGLISH": "en"}
OTHER_LATIN = ("GERMAN", "FRENCH", "SPANISH", "ITALIAN", "PORTUGUESE", "POLISH", "TURKISH",
               "DUTCH", "AZERBAIJANI", "ENGLISH")  # fmt: skip


@dataclass(frozen=True)
class Detected:
    language: str  # ISO 639-1; kk, ru or en for the platform's languages; "" when unknown
    script: str  # cyrillic, latin or other
    how: str  # words, lingua or default: what decided it


class _Lingua:
    """lingua's detectors, built once per process on first use; None where not installed."""

    def __init__(self) -> None:
        self._detectors: dict[str, Any] = {}
        self._lock = threading.Lock()

    def detector(self, name: str) -> Any:
        if name not in self._detectors:
            with self._lock:
                if name not in self._detectors:
                    self._detectors[name] = self._build(name)
        return self._detectors[name]

    @staticmethod
    def _build(name: str) -> Any:
        try:
            from lingua import Language, LanguageDetectorBuilder
        except ImportError:
            return None
        if name == "platform":
            languages = [Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH]
            return LanguageDetectorBuilder.from_languages(*languages).build()
        others = [getattr(Language, n) for n in OTHER_LATIN]
        return LanguageDetectorBuilder.from_languages(*others).with_low_accuracy_mode().build()


lingua = _Lingua()


def lingua_available() -> bool:
    return lingua.detector("platform") is not None


def _script(text: str) -> tuple[str, str]:
    """The script most letters are in, and for a one-language script its language."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        if CYRILLIC.match(char):
            key = "cyrillic"
        elif LATIN.match(char) or "LATIN" in unicodedata.name(char, ""):
            key = "latin"
        else:
            name = unicodedata.name(char, "")
            key = next((code for word, code in SCRIPTS.items() if word in name), "other")
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "other", ""
    best = max(counts, key=lambda k: counts[k])
    if best in ("cyrillic", "latin", "other"):
        return best, ""
    return "other", best


def _kazakh_word(folded: str) -> bool:
    return folded in KAZAKH_WORDS or (len(folded) > 4 and folded.endswith(KAZAKH_ENDINGS))


def _cyrillic_vote(word: str, vocabulary: Vocabulary) -> str:
    folded = fold(word)
    kazakh, russian = vocabulary.get("kk", frozenset()), vocabulary.get("ru", frozenset())
    if KAZAKH_LETTERS.search(word) or folded in KAZAKH_WORDS:
        return "kk"
    if folded in kazakh and folded not in russian:
        return "kk"
    if folded in russian and folded not in kazakh:
        return "ru"
    if RUSSIAN_ONLY_LETTERS.search(word) or is_russian(word):
        return "ru"
    return "kk" if _kazakh_word(folded) else ""


def _latin_vote(word: str, vocabulary: Vocabulary) -> str:
    english = vocabulary.get("en", frozenset())
    if word in ENGLISH_WORDS or word in english or english_stem(word) in english:
        return "en"
    if re.search(r"[äöüğşñıū]|q[aeiouyäöüıū]", word):
        return "kk"
    cyrillic = latin_to_cyrillic(word)
    kazakh, russian = vocabulary.get("kk", frozenset()), vocabulary.get("ru", frozenset())
    if cyrillic in KAZAKH_WORDS or (cyrillic in kazakh and cyrillic not in russian):
        return "kk"
    if len(word) > 3 and (cyrillic in russian or is_russian(cyrillic)):
        return "ru"
    return "kk" if _kazakh_word(cyrillic) else ""


def _votes(tokens: list[str], script: str, vocabulary: Vocabulary) -> dict[str, int]:
    vote = _cyrillic_vote if script == "cyrillic" else _latin_vote
    counts = {"kk": 0, "ru": 0, "en": 0}
    for word in tokens:
        if not word.isdigit():
            found = vote(word, vocabulary)
            if found:
                counts[found] += 1
    return counts


def _ask_lingua(name: str, text: str) -> str:
    detector = lingua.detector(name)
    if detector is None:
        return ""
    found = detector.detect_language_of(text)
    if found is None:
        return ""
    return LINGUA_CODES.get(found.name) or (found.iso_code_639_1.name.lower())


def detect_language(text: str, vocabulary: Vocabulary | None = None) -> Detected:
    """The language of ``text``, with the script it is written in and what decided it.
    ``vocabulary`` holds the words of the catalogue's texts per language (``Corpus``)."""
    script, language = _script(text)
    if script == "other":
        return Detected(language, script, "script" if language else "default")
    counts = _votes(words(text), script, vocabulary or {})
    ranked = sorted(counts, key=lambda code: -counts[code])
    if counts[ranked[0]] > counts[ranked[1]]:
        return Detected(ranked[0], script, "words")
    if script == "cyrillic":
        found = _ask_lingua("platform", text)
        return Detected(found, script, "lingua") if found else Detected("ru", script, "default")
    if counts["kk"] and counts["kk"] == counts["ru"] > counts["en"]:
        return Detected("kk", script, "words")  # Kazakh words beside Russian ones
    found = "" if counts[ranked[0]] else _ask_lingua("others", text)
    return Detected(found, script, "lingua") if found else Detected("en", script, "default")
