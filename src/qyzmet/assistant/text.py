"""What the assistant does to words before it compares them: fold the letters people swap
(Kazakh letters typed on a Russian keyboard, ё/е), write Latin-script Kazakh and Russian in
Cyrillic, reduce Russian words to their lemma (pymorphy3) and English words to their stem
(Snowball).

Everything here is a pure function of the text, so the catalogue and a request are treated
alike and the result can be cached."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+", re.UNICODE)
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
LATIN = re.compile(r"[a-zäöüğşçñıū]", re.IGNORECASE)
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)

# Kazakh letters people type with the nearest Russian key, and ё/е: one letter each.
_FOLD = str.maketrans(
    {"ё": "е", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у",
     "һ": "х", "і": "и", "й": "и", "э": "е", "ъ": "", "ь": ""}
)  # fmt: skip

# Latin letters of Kazakh (informal and the 2021 alphabet) and of transliterated Russian,
# written into folded Cyrillic. Digraphs first.
_DIGRAPHS = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("sh", "ш"), ("ch", "ч"), ("kh", "х"),
    ("gh", "г"), ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("yo", "е"), ("ye", "е"),
)  # fmt: skip
_LETTERS = {
    "a": "а", "ä": "а", "b": "б", "c": "к", "ç": "ч", "d": "д", "e": "е", "f": "ф", "g": "г",
    "ğ": "г", "h": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н",
    "ñ": "н", "o": "о", "ö": "о", "p": "п", "q": "к", "r": "р", "s": "с", "ş": "ш", "t": "т",
    "u": "у", "ū": "у", "ü": "у", "v": "в", "w": "у", "x": "кс", "y": "ы", "z": "з",
}  # fmt: skip
_VOWELS = set("aeiouäöüıūy")


def fold(text: str) -> str:
    """Lower case, with the letters people swap made one (``дүниеге`` and ``дуниеге``)."""
    return lower(text).translate(_FOLD)


def lower(text: str) -> str:
    return unicodedata.normalize("NFC", text.casefold())


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, not folded (lemmas need the real letters)."""
    return WORD.findall(lower(text))


def is_latin(word: str) -> bool:
    return bool(LATIN.search(word)) and not CYRILLIC.search(word)


@lru_cache(maxsize=50_000)
def latin_to_cyrillic(word: str) -> str:
    """A Latin-script Kazakh or Russian word in folded Cyrillic: ``qaitys`` → ``каитыс``,
    ``poteryal`` → ``потерял``. A final ``y`` after a vowel is й (``qanday``)."""
    word = word.casefold()
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyrillic in _DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            letter = word[i]
            if letter == "y" and i == len(word) - 1 and i and word[i - 1] in _VOWELS:
                out.append("и")
            else:
                out.append(_LETTERS.get(letter, letter))
            i += 1
    return fold("".join(out))


# Words that say nothing about what a citizen needs, in their folded form; the last lines are
# when ("next month", "в следующем месяце", "келесі айда"), which the pre-fill reads and the
# routing need not: "retiring next month" must not pull "a wedding next month" to retirement.
_STOPWORDS = """
    a an the i me my we our us you your he she his her it its they them their of to in on at
    for with from by and or but so is am are was were be been being do does did have has had
    will would can could should shall may might must this that these those there here what
    which who whom how when where why please hi hello just now then also too very some any
    all about into up out if not no yes want need like get got go going as than

    и в во на с со к ко по о об от до за из у не ни но а же ли бы то что чтобы как так я мы
    ты вы он она оно они мне меня нам нас мой моя мое мои наш наша наше наши его ее их это
    этот эта эти тот та те там тут здесь уже еще или да нет был была были быть есть для при
    через над под про где когда куда какой какая какие какое кто чем чего всё все весь вся
    пожалуиста подскажите здравствуите добрыи день привет очень можно нужно надо хочу
    мен сен сиз биз олар ол бул осы сол мен менин меним биздин сиздин да де та те ма ме ба бе
    па пе жане немесе бирак уши ушин туралы кандаи калаи не кими кеше бугин сэлем салем
    керек кажет истеу истеимин истеимиз енди

    next last month months week weeks year years day days soon ago today tomorrow yesterday
    следующем следующей следующии следующую прошлом прошлои прошлую месяц месяца месяце
    неделе неделю неделя год года году скоро вчера сегодня завтра недавно
    келеси откен ай аида аптада апта жылы биыл жакында жуырда ертен
    """
STOPWORDS = frozenset(fold(_STOPWORDS).split())


def as_cyrillic(text: str, *, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with its Latin-script words written in (folded) Cyrillic, except the words in
    ``keep`` (English words, abbreviations the catalogue knows in Latin letters)."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if not is_latin(word) or word.casefold() in keep:
            return word
        return latin_to_cyrillic(word)

    return WORD.sub(replace, text)


class _Morph:
    """pymorphy3's Russian analyser, loaded once per process on first use."""

    def __init__(self) -> None:
        self._analyzer: Any = None
        self._lock = threading.Lock()

    def analyzer(self) -> Any:
        if self._analyzer is None:
            with self._lock:
                if self._analyzer is None:
                    import pymorphy3

                    self._analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        return self._analyzer


_morph = _Morph()


@lru_cache(maxsize=100_000)
def russian_lemma(word: str) -> str:
    """The dictionary form of a Russian word (``переезжаю`` → ``переезжать``); the word
    itself when pymorphy3 does not know it (Kazakh words, typos)."""
    analyzer = _morph.analyzer()
    if not analyzer.word_is_known(word):
        return word
    return fold(analyzer.parse(word)[0].normal_form)


@lru_cache(maxsize=100_000)
def is_russian(word: str) -> bool:
    """Whether pymorphy3's Russian dictionary knows the word (some Kazakh words too)."""
    return bool(_morph.analyzer().word_is_known(word))


# Kazakh endings in folded spelling (plural, possessive, case, common verb forms), longest
# first; a stem keeps at least three letters.
_KAZAKH_ENDINGS = """
            лар лер дар дер тар тер ым им ын ин ы и сы си мыз миз ымыз имиз ныз низ ыныз иниз
            дын дин тын тин нын нин га ге ка ке а е ды ди ты ти ны ни н да де та те нда
            нде дан ден тан тен нан нен мен бен пен ша ше дым дим тым тим дык дик тык тик мын
            мин пын пин бын бин мыз миз пыз пиз быз биз ады еди иди ган ген кан кен гели гали
            у уге уга ып ип гым гим кым ким гымыз гимиз ганмын генмин
            уши ушы атын етин ады еди дагы деги тагы теги сыз сиз
            """
_KAZAKH_SUFFIXES = tuple(sorted(set(_KAZAKH_ENDINGS.split()), key=lambda e: (-len(e), e)))


@lru_cache(maxsize=50_000)
def kazakh_stem(folded: str) -> str:
    """A folded Kazakh word without up to two endings: ``уиленемиз`` → ``уилен``. A stem
    keeps three letters, five when the ending is one letter."""
    for _ in range(2):
        for suffix in _KAZAKH_SUFFIXES:
            rest = len(folded) - len(suffix)
            if folded.endswith(suffix) and rest >= (3 if len(suffix) > 1 else 5):
                folded = folded[:rest]
                break
        else:
            break
        if len(suffix) == 1:
            break  # a one-letter ending is the last one taken
    return folded


_english = threading.local()  # Snowball stemmers keep state between calls: one per thread


@lru_cache(maxsize=50_000)
def english_stem(word: str) -> str:
    """An English word's Snowball (Porter2) stem: ``moving``, ``moved`` → ``move``;
    ``certificates`` → ``certif``; a possessive ``'s`` dropped."""
    if word.endswith("'s"):
        word = word[:-2]
    stemmer = getattr(_english, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _english.stemmer = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))
