"""What a citizen's words say that a form could use: dates (``12.03.2026``, ``12 марта``,
``вчера``, ``кеше``, ``yesterday``), IINs (check digit verified) with whose they are (a child's,
a seller's, a partner's, a deceased person's), cities, amounts of money, VINs, number plates,
cadastral numbers, IBANs, and hints about a vehicle or a home. Pure functions of the text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from qyzmet.assistant.text import fold, latin_to_cyrillic
from qyzmet.core.identifiers import is_valid_iin
from qyzmet.registries import names


@dataclass(frozen=True)
class Found:
    kind: str  # date, iin, city, amount, vin, plate, cadastral_number, iban, vehicle, home
    value: str | int
    role: str = ""  # for an IIN: child, seller, partner, deceased; for a date: what happened
    start: int = 0  # where in the text


MONTHS = {  # folded stems of month names → month
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "кантар": 1, "акпан": 2, "наурыз": 3, "сэуир": 4, "сауир": 4, "мамыр": 5, "маусым": 6,
    "шилде": 7, "тамыз": 8, "кыркуиек": 9, "казан": 10, "караша": 11, "желтоксан": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
RELATIVE_DAYS = {
    "сегодня": 0, "бугин": 0, "today": 0, "вчера": -1, "кеше": -1, "yesterday": -1,
    "позавчера": -2, "завтра": 1, "ертен": 1, "tomorrow": 1,
}  # fmt: skip
ROLES = {  # folded word stems near an IIN or a date → its role
    "child": ("ребен", "ребён", "сын", "доч", "бала", "улым", "кызым", "child", "son", "daughter",
              "baby", "kid", "новорожд", "нарест", "сэби", "саби"),
    "seller": ("продав", "сатуш", "seller", "прежн", "бывш"),
    "partner": ("жених", "невест", "супруг", "партнер", "жубаи", "куиеу", "аиел", "fiance",
                "partner", "spouse", "wife", "husband", "bride", "groom"),
    "deceased": ("умер", "умерш", "покойн", "скончал", "каитыс", "марк", "deceased", "died",
                 "passed"),
}  # fmt: skip
EVENTS = {  # folded word stems near a date → what happened then
    "move": ("переех", "переезж", "переезд", "кош", "mov", "relocat"),
    "purchase": ("купил", "купи", "покуп", "приобр", "сатып", "bought", "buy", "purchas"),
    "death": ROLES["deceased"],
    "birth": ("родил", "рожд", "туыл", "туд", "дуниег", "born", "birth"),
    "job_end": ("уволи", "сократ", "увольн", "жумыстан", "fired", "laid", "dismiss", "redundan"),
    "wedding": ("свадьб", "брак", "уилен", "неке", "wedding", "marry", "marri"),
}
VIN = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b", re.IGNORECASE)
PLATE = re.compile(r"\b(\d{3})\s?([A-Z]{2,3})\s?(\d{2})\b", re.IGNORECASE)
CADASTRAL = re.compile(r"\b\d{2}:\d{3}:\d{3}:\d{3,4}\b")
IBAN = re.compile(r"\bKZ\d{2}[A-Z0-9]{16}\b", re.IGNORECASE)
DIGITS12 = re.compile(r"(?<!\d)\d{12}(?!\d)")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2,4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
WORDY_DATE = re.compile(r"\b(\d{1,2})\s+([^\W\d_]{3,})\b(?:\s+(\d{4}))?")
AMOUNT = re.compile(
    r"(\d[\d\s.,]*\d|\d)\s*(млн|миллион\w*|million|тыс\w*|мың|k|thousand)?\s*"
    r"(тенге|теңге|тг|₸|kzt|tenge)",
    re.IGNORECASE,
)
HOMES = {"apartment": ("квартир", "петер", "flat", "apartment"), "house": ("дом", "уи", "house")}


def _near(text: str, start: int, stems: tuple[str, ...], width: int = 40) -> bool:
    window = fold(text[max(0, start - width) : start + width])
    words = re.findall(r"[^\W\d_]+", window)
    return any(w.startswith(stems) for w in words)


def _role(text: str, start: int, table: dict[str, tuple[str, ...]], width: int = 40) -> str:
    return next((r for r, stems in table.items() if _near(text, start, stems, width)), "")


def _event(text: str, start: int) -> str:
    """What happened on the date at ``start``: told next to it, else anywhere in the text."""
    return _role(text, start, EVENTS) or _role(text, start, EVENTS, width=len(text))


def _dates(text: str, today: datetime.date) -> list[Found]:
    found: list[Found] = []
    for match in NUMERIC_DATE.finditer(text):
        day, month, year = (
            (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
        )
        year = f"20{year}" if len(year) == 2 else year
        _add_date(found, text, match.start(), int(year), int(month), int(day))
    for match in WORDY_DATE.finditer(text):
        word = fold(match[2])
        month = next((m for stem, m in MONTHS.items() if word.startswith(stem)), 0)
        if month and (len(word) > 3 or word in ("мая", "мае", "may")):
            year = int(match[3]) if match[3] else today.year
            _add_date(found, text, match.start(), year, month, int(match[1]))
    for match in re.finditer(r"[^\W\d_]+", text):
        shift = RELATIVE_DAYS.get(fold(match[0]))
        if shift is not None:
            day = today + datetime.timedelta(days=shift)
            found.append(Found("date", day.isoformat(), _event(text, match.start()), match.start()))
    return found


def _add_date(found: list[Found], text: str, start: int, year: int, month: int, day: int) -> None:
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return
    found.append(Found("date", value.isoformat(), _event(text, start), start))


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Folded city names (kk, ru and a Latin reading) → the Russian name."""
    cities: dict[str, str] = {}
    for town in names.TOWNS:
        kazakh, russian = town[2], town[3]
        for name in (kazakh, russian):
            cities[fold(name)] = russian
    cities.update({"astana": "Астана", "almaty": "Алматы", "shymkent": "Шымкент",
                   "karaganda": "Караганда", "aktobe": "Актобе", "pavlodar": "Павлодар",
                   "oral": "Уральск", "uralsk": "Уральск", "semey": "Семей", "atyrau": "Атырау",
                   "aktau": "Актау", "kostanay": "Костанай", "taraz": "Тараз"})  # fmt: skip
    return cities


def _city(word: str) -> str | None:
    folded = fold(word)
    cities = _cities()
    for candidate in (folded, latin_to_cyrillic(folded) if folded.isascii() else ""):
        # a city in any case form: Алматыға, Астанаға, Караганды, Almaty
        for length in range(len(candidate), 3, -1):
            if candidate[:length] in cities and len(candidate) - length <= 4:
                return cities[candidate[:length]]
    return None


def _amount(match: re.Match[str]) -> int | None:
    digits = re.sub(r"[\s.,]", "", match[1])
    if not digits.isdigit():
        return None
    value = int(digits)
    scale = fold(match[2] or "")
    if scale.startswith(("млн", "миллион", "million")):
        value *= 1_000_000
    elif scale.startswith(("тыс", "мын", "k", "thousand")):
        value *= 1_000
    return value


def _vehicle(text: str) -> list[Found]:
    found = []
    lowered = text.casefold()
    for make, model, *_ in names.VEHICLE_MODELS:
        at = lowered.find(model.casefold())
        if at >= 0 and re.search(rf"\b{re.escape(model.casefold())}\b", lowered):
            found.append(Found("vehicle", f"{make} {model}", "", at))
            break
    year = re.search(r"\b(19[89]\d|20[0-3]\d)\s*(?:г|года|жылғы|year)", text, re.IGNORECASE)
    if year:
        found.append(Found("vehicle_year", int(year[1]), "", year.start()))
    return found


def extract(text: str, *, today: datetime.date) -> list[Found]:
    """Everything ``text`` says that a form could use, in the order written."""
    found: list[Found] = []
    for match in DIGITS12.finditer(text):
        if is_valid_iin(match[0]):
            found.append(Found("iin", match[0], _role(text, match.start(), ROLES), match.start()))
    for kind, pattern in (("vin", VIN), ("cadastral_number", CADASTRAL), ("iban", IBAN)):
        for match in pattern.finditer(text):
            if kind != "vin" or (
                re.search(r"[A-Z]", match[0], re.I) and re.search(r"\d", match[0])
            ):
                found.append(Found(kind, match[0].upper(), "", match.start()))
    for match in PLATE.finditer(text):
        found.append(Found("plate", f"{match[1]}{match[2].upper()}{match[3]}", "", match.start()))
    for match in AMOUNT.finditer(text):
        value = _amount(match)
        if value:
            found.append(Found("amount", value, "", match.start()))
    found.extend(_dates(text, today))
    for match in re.finditer(r"[^\W\d_]+", text):
        city = _city(match[0])
        if city and not any(f.kind == "city" and f.value == city for f in found):
            found.append(Found("city", city, "", match.start()))
        home = next((k for k, stems in HOMES.items() if fold(match[0]).startswith(stems)), "")
        if home and len(match[0]) > 2 and not any(f.kind == "home" for f in found):
            found.append(Found("home", home, "", match.start()))
    found.extend(_vehicle(text))
    return sorted(found, key=lambda f: f.start)
