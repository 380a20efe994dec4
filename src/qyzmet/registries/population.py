"""What the generator's stages share: the reference date, code helpers, name forms, and
``Population``, the compact per-person facts that later stages read."""

from __future__ import annotations

import datetime
from array import array
from dataclasses import dataclass, field
from functools import lru_cache

from qyzmet.registries import names

REFERENCE_DATE = datetime.date(2026, 11, 1)
"""The generated registries' "today": ages, documents and deaths are computed against it."""
TODAY = REFERENCE_DATE.toordinal()
YEAR = 365.2425
KAZAKH, OTHER = 0, 1  # name styles
MALE, HEAD, FOREIGN = 1, 2, 4  # Population.flags bits


def plus_years(ordinal: int, years: int) -> int:
    """Ordinal of the same calendar day ``years`` later (28 February for 29 February)."""
    day = datetime.date.fromordinal(ordinal)
    try:
        return day.replace(year=day.year + years).toordinal()
    except ValueError:
        return day.replace(year=day.year + years, day=28).toordinal()


MOBILE_PREFIXES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777")
ADULT = plus_years(TODAY, -18)  # born on or before this day: an adult on the reference date


def iso(ordinal: int) -> str | None:
    """ISO date of a day ordinal; 0 means no date."""
    return datetime.date.fromordinal(ordinal).isoformat() if ordinal else None


def scramble(n: int, modulus: int) -> int:
    """A bijection of ``0..modulus-1`` (the factor is prime): sequence numbers become unique
    codes that do not look sequential."""
    return (n * 2305843009213693951 + 1442695040888963) % modulus


def female_surname(male: str) -> str:
    """Нұрланов -> Нұрланова, Ковальский -> Ковальская; Ким, Шевченко stay."""
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    if male.endswith("ский"):
        return male[:-2] + "ая"
    return male


@lru_cache(maxsize=4096)
def patronymic(father_first: tuple[str, str], male: bool, style: int) -> tuple[str, str]:
    """(kk, ru) patronymic from the father's first name (kk, ru): Серікұлы / Серикович.
    People of non-Kazakh origin use the Russian form in both languages."""
    ru_name = father_first[1]
    if ru_name in names.PATRONYMIC_RU_EXCEPTIONS:
        ru = names.PATRONYMIC_RU_EXCEPTIONS[ru_name][0 if male else 1]
    elif ru_name[-1] in "йь":
        ru = ru_name[:-1] + ("евич" if male else "евна")
    elif ru_name[-1] in "аеёиоуыэюя":
        ru = ru_name + ("евич" if male else "евна")
    else:
        ru = ru_name + ("ович" if male else "овна")
    if style != KAZAKH:
        return ru, ru
    return father_first[0] + ("ұлы" if male else "қызы"), ru


def _same(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((v, v) for v in values)


FIRST_NAMES = (  # [style][male] -> (kk, ru) pairs
    (names.FEMALE_KAZAKH, names.MALE_KAZAKH),
    (_same(names.FEMALE_SLAVIC), _same(names.MALE_SLAVIC)),
)
SURNAMES = (  # [style] -> (kk male, kk female, ru male, ru female)
    tuple((k, female_surname(k), r, female_surname(r)) for k, r in names.SURNAMES_KAZAKH),
    tuple((s, female_surname(s), s, female_surname(s)) for s in names.SURNAMES_OTHER),
)


@dataclass
class Population:
    """What later stages need to know about person ``i`` (ids 1..size), in compact arrays.
    Dates are day ordinals, 0 for none; ``building`` 0 means no address."""

    size: int
    birth: array = field(init=False)
    death: array = field(init=False)
    building: array = field(init=False)
    apartment: array = field(init=False)  # 0: a house
    since: array = field(init=False)  # registered at the address since
    spouse: array = field(init=False)
    flags: bytearray = field(init=False)  # MALE | HEAD (of a household) | FOREIGN
    country: bytearray = field(init=False)  # 0: KZ, else 1 + index in FOREIGN_COUNTRIES
    forced: dict[int, str] = field(default_factory=dict)  # demo roles: person -> wishes
    vacant: list[tuple[int, int]] = field(default_factory=list)  # (building, apartment)
    building_region: array = field(default_factory=lambda: array("H"))  # index in REGIONS

    def __post_init__(self) -> None:
        zeros = bytes(4 * (self.size + 1))
        for name in ("birth", "death", "building", "apartment", "since", "spouse"):
            setattr(self, name, array("i", zeros))
        self.flags = bytearray(self.size + 1)
        self.country = bytearray(self.size + 1)

    def region_code(self, building: int) -> str:
        return names.REGIONS[self.building_region[building]][0]
