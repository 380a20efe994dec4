"""The population registry, generated family by family, each household at its address.

A family starts from a couple (or a single adult) whose own parents are not in the
registry. Their children are born while the mother is 19 to 44 and live at the parents'
address; grown up, they marry someone from outside the family and found a household of
their own, recursively, so adults have parents and children grandparents. Some marriages
end in divorce, some people die, a few households are foreign citizens. A person is a
plain list while the family is built and a tuple (``PERSON_FIELDS``) once it is finished;
what later stages need goes into ``Population``'s arrays.
"""

from __future__ import annotations

import datetime
import itertools
import random
from typing import Any

from qyzmet.core.identifiers import make_iin
from qyzmet.registries import names
from qyzmet.registries.addresses import Addresses, LocalityInfo
from qyzmet.registries.population import (
    ADULT,
    FIRST_NAMES,
    FOREIGN,
    HEAD,
    KAZAKH,
    MOBILE_PREFIXES,
    OTHER,
    SURNAMES,
    TODAY,
    YEAR,
    Population,
    iso,
    patronymic,
    scramble,
)

PERSON_FIELDS = (
    "id", "iin", "last_name_kk", "first_name_kk", "patronymic_kk", "last_name_ru",
    "first_name_ru", "patronymic_ru", "birth_date", "sex", "citizenship", "death_date",
    "mother", "father", "spouse", "building", "apartment", "registered_since", "mobile_phone",
)  # fmt: skip
# Positions in a person list; the first 18 are PERSON_FIELDS (the mobile number, the 19th, is
# added when the family is finished), the rest only used here.
# fmt: off
(_ID, _IIN, _LAST_KK, _FIRST_KK, _PAT_KK, _LAST_RU, _FIRST_RU, _PAT_RU, _BIRTH, _SEX, _CITIZEN,
 _DEATH, _MOTHER, _FATHER, _SPOUSE, _BUILDING, _APARTMENT, _SINCE, _STYLE, _SURNAME, _HEAD,
 _COUNTRY) = range(22)
# fmt: on


def _cumulative(weights: tuple[float, ...]) -> list[float]:
    return list(itertools.accumulate(weights))


# Ages (5-year bands from 20) of the husband of a family whose parents are not in the
# registry, and of adults living alone; children per mother by her birth year (0..7).
_ROOT_AGES = (20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95)
_ROOT_CUMULATIVE = _cumulative((2, 3, 3, 3, 4, 5, 6, 7, 8, 8, 8, 7, 6, 5, 3, 2))
_SINGLE_AGES = (20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85)
_SINGLE_CUMULATIVE = _cumulative((8, 8, 7, 6, 5, 5, 5, 5, 5, 5, 5, 4, 3, 2))
_CHILDREN_BEFORE_1960 = _cumulative((4, 6, 14, 22, 22, 16, 10, 6))
_CHILDREN_BEFORE_1975 = _cumulative((5, 10, 27, 30, 16, 8, 3, 1))
_CHILDREN_SINCE_1975 = _cumulative((7, 15, 33, 28, 12, 4, 1, 0))
_COUNTRY_CUMULATIVE = _cumulative(tuple(c[3] for c in names.FOREIGN_COUNTRIES))


def mobile_phone(pid: int) -> str:
    """The mobile number of the living adult ``pid``: one in ``NO_MOBILE_IN`` registered none;
    the others a number of their own (unique, derived from ``pid``, so no random draw of the
    generator changes)."""
    code = scramble(pid, 10_000_000)
    if code % NO_MOBILE_IN == 0:
        return ""
    return f"+7{MOBILE_PREFIXES[code % len(MOBILE_PREFIXES)]}{code:07d}"


NO_MOBILE_IN = 12


class Households:
    """Builds families until ``Population.size`` people exist; finished rows go to ``rows``,
    new buildings to ``addresses.rows``."""

    def __init__(self, rng: random.Random, population: Population, addresses: Addresses):
        self.rng = rng
        self.population = population
        self.addresses = addresses
        self.rows: list[tuple[Any, ...]] = []
        self.next_id = 1
        self._family: list[list[Any]] = []
        self._serials: dict[int, int] = {}  # birth day * 2 + male -> serials used
        self._locality_cumulative = _cumulative(tuple(loc.weight for loc in addresses.localities))
        self._cities = [loc for loc in addresses.localities if loc.kind == "city"]

    @property
    def remaining(self) -> int:
        return self.population.size - (self.next_id - 1)

    # -- people ------------------------------------------------------------------------

    def _iin(self, born: int, male: bool) -> str:
        key = born * 2 + male
        used = self._serials.get(key, 0)
        start = (born * 7919 + male * 4999) % 9000
        day = datetime.date.fromordinal(born)
        while used < 10000:
            iin = make_iin(day, "M" if male else "F", (start + used) % 10000)
            used += 1
            if iin:
                self._serials[key] = used
                return iin
        raise OverflowError(f"no IIN serial left for {day} {male=}")

    def _person(
        self,
        male: bool,
        born: int,
        style: int,
        surname: tuple[str, str, str, str],
        father: list[Any] | None = None,
        mother: list[Any] | None = None,
    ) -> list[Any]:
        rng = self.rng
        first = rng.choice(FIRST_NAMES[style][male])
        father_first = (father[_FIRST_KK], father[_FIRST_RU]) if father else None
        pat = patronymic(father_first or rng.choice(FIRST_NAMES[style][True]), male, style)
        last = (surname[0], surname[2]) if male else (surname[1], surname[3])
        # fmt: off
        row = [self.next_id, self._iin(born, male), last[0], first[0], pat[0], last[1], first[1],
               pat[1], born, "M" if male else "F", "KZ", 0, mother[_ID] if mother else None,
               father[_ID] if father else None, None, None, "", 0, style, surname, False, 0]
        # fmt: on
        self.next_id += 1
        self._family.append(row)
        return row

    def _outsider(self, male: bool, born: int, style: int) -> list[Any]:
        """Someone marrying into the family; their parents are not in the registry."""
        if self.rng.random() < 0.1:
            style = 1 - style
        return self._person(male, born, style, self.rng.choice(SURNAMES[style]))

    def _born(self, lowest_age: float, highest_age: float) -> int:
        return TODAY - int(self.rng.uniform(lowest_age, highest_age) * YEAR)

    def _banded_birth(self, bands: tuple[int, ...], cumulative: list[float]) -> int:
        low = self.rng.choices(bands, cum_weights=cumulative)[0]
        return self._born(low, low + 5)

    def _spouse_born(self, born: int, older: bool) -> int:
        """A spouse's birth day: husbands are some 2.5 years older (3 younger at most)."""
        gap = int(min(max(self.rng.gauss(2.5, 2.5), -3.0), 15.0) * YEAR)
        return min(born - gap if older else born + gap, ADULT)

    def _marry(self, husband: list[Any], wife: list[Any], take_name: float = 0.85) -> None:
        husband[_SPOUSE], wife[_SPOUSE] = wife[_ID], husband[_ID]
        if self.rng.random() < take_name:
            wife[_LAST_KK], wife[_LAST_RU] = husband[_SURNAME][1], husband[_SURNAME][3]

    def _maybe_die(self, row: list[Any], not_before: int = 0) -> None:
        """Older people may have died, within the last 15 years and after ``not_before``."""
        age = (TODAY - row[_BIRTH]) / YEAR
        if age < 50:
            return
        chance = 0.006 if age < 60 else 0.015 if age < 70 else 0.05 if age < 80 else 0.2
        if self.rng.random() >= (0.9 if age >= 95 else chance):
            return
        low = max(row[_BIRTH] + int(50 * YEAR), not_before + 1, TODAY - 15 * 365)
        if low < TODAY:
            row[_DEATH] = self.rng.randrange(low, TODAY)

    # -- families ----------------------------------------------------------------------

    def _children(self, father: list[Any], mother: list[Any], most: int = 7) -> list[list[Any]]:
        rng = self.rng
        year = datetime.date.fromordinal(mother[_BIRTH]).year
        cumulative = (
            _CHILDREN_BEFORE_1960 if year < 1960
            else _CHILDREN_BEFORE_1975 if year < 1975
            else _CHILDREN_SINCE_1975
        )  # fmt: skip
        wanted = min(rng.choices(range(8), cum_weights=cumulative)[0], most)
        age = rng.triangular(19, 33, 23)
        children: list[list[Any]] = []
        style, surname = father[_STYLE], father[_SURNAME]
        while len(children) < wanted and age <= 44:
            born = mother[_BIRTH] + int(age * YEAR)
            if born >= TODAY - 1:
                break
            children.append(self._person(rng.random() < 0.51, born, style, surname, father, mother))
            age += rng.uniform(1.3, 5.0)
        return children

    def _household(self, husband: list[Any], wife: list[Any], locality: LocalityInfo) -> None:
        """A married couple, their children, and the grown-up children's own households."""
        rng = self.rng
        children = self._children(husband, wife)
        youngest = max((c[_BIRTH] for c in children), default=0)
        self._maybe_die(husband, youngest)
        self._maybe_die(wife, youngest)
        at_home, leaving = [], []
        for child in children:
            if child[_BIRTH] > ADULT:
                at_home.append(child)
                continue
            age = (TODAY - child[_BIRTH]) / YEAR
            married = rng.random() < (
                0.03 if age < 20 else 0.15 if age < 23 else 0.35 if age < 26
                else 0.55 if age < 30 else 0.72 if age < 40 else 0.78
            )  # fmt: skip
            if not married and age <= 30 and rng.random() < 0.6:
                at_home.append(child)
            else:
                leaving.append((child, married))
        alive = not husband[_DEATH] and not wife[_DEATH]
        if children and alive and rng.random() < 0.09:  # divorced: the children stay with her
            husband[_SPOUSE] = wife[_SPOUSE] = None
            self._settle([wife, *at_home], locality)
            self._settle([husband], locality)
        else:
            self._settle([husband, wife, *at_home], locality)
        for child, married in leaving:
            where = locality if rng.random() < 0.5 else self._locality()
            if not married:
                self._maybe_die(child)
                self._settle([child], where)
            elif child[_SEX] == "M":
                wife = self._outsider(False, self._spouse_born(child[_BIRTH], False), child[_STYLE])
                self._marry(child, wife)
                self._household(child, wife, where)
            else:
                husband = self._outsider(
                    True, self._spouse_born(child[_BIRTH], True), child[_STYLE]
                )
                self._marry(husband, child)
                self._household(husband, child, where)

    def _settle(
        self, members: list[list[Any]], locality: LocalityInfo, flat: bool | None = None
    ) -> None:
        """The living ``members`` move into a new dwelling; the first adult heads it."""
        living = [m for m in members if not m[_DEATH]]
        if not living:
            return
        building, apartment = self.addresses.dwelling(locality, self.rng, flat)
        head = next((m for m in living if m[_BIRTH] <= ADULT), living[0])
        head[_HEAD] = True
        earliest = max(head[_BIRTH] + int(18 * YEAR), TODAY - 30 * 365)
        moved_in = self.rng.randrange(earliest, TODAY - 7) if earliest < TODAY - 7 else TODAY
        for member in living:
            member[_BUILDING] = building
            member[_APARTMENT] = str(apartment) if apartment else ""
            member[_SINCE] = max(moved_in, member[_BIRTH])

    def _locality(self) -> LocalityInfo:
        return self.rng.choices(self.addresses.localities, cum_weights=self._locality_cumulative)[0]

    # -- whole families ----------------------------------------------------------------

    def add_family(self) -> None:
        """Add one family (near the end: one small household) to ``rows``."""
        rng = self.rng
        first_id, remaining = self.next_id, self.remaining
        style = KAZAKH if rng.random() < 0.7 else OTHER
        roll = rng.random()
        if remaining < 10 or roll < 0.16:
            born = self._banded_birth(_SINGLE_AGES, _SINGLE_CUMULATIVE)
            person = self._person(rng.random() < 0.5, born, style, rng.choice(SURNAMES[style]))
            self._maybe_die(person)
            self._settle([person], self._locality())
        elif roll < 0.2:
            self._foreigners()
        else:
            if remaining < 300:  # young: no grown-up children yet
                born = self._born(20, 40)
            else:
                born = self._banded_birth(_ROOT_AGES, _ROOT_CUMULATIVE)
            husband = self._person(True, born, style, rng.choice(SURNAMES[style]))
            wife = self._outsider(False, self._spouse_born(born, False), style)
            self._marry(husband, wife)
            self._household(husband, wife, self._locality())
        if len(self._family) > remaining:  # too big for the people still wanted: drop it
            self.next_id, self._family = first_id, []
            return
        self._finish_family()

    def _foreigners(self) -> None:
        """A foreign citizen, or a couple with up to three children, in a city."""
        rng = self.rng
        index = rng.choices(range(len(names.FOREIGN_COUNTRIES)), cum_weights=_COUNTRY_CUMULATIVE)[0]
        code, _issuer, kind, _weight = names.FOREIGN_COUNTRIES[index]
        style = KAZAKH if kind == "kazakh" else OTHER
        surname = rng.choice(SURNAMES[style])
        first = self._person(rng.random() < 0.6, self._born(20, 60), style, surname)
        members = [first]
        if first[_SEX] == "M" and rng.random() < 0.4:
            wife = self._person(False, self._spouse_born(first[_BIRTH], False), style, surname)
            self._marry(first, wife, take_name=1.0)
            members += [wife, *self._children(first, wife, most=3)]
        for member in members:
            member[_CITIZEN], member[_COUNTRY] = code, index + 1
        self._settle(members, rng.choice(self._cities))

    def add_demo_family(self, astana: LocalityInfo) -> None:
        """The family every demo needs, in Astana: grandparents of pension age living with
        their unmarried younger son (24-25); their elder son (34-35) with his wife, a
        daughter of 6 and a son of 1-2 in a flat he owns, with a car; his wife runs a
        business. The children are young enough to stay 6-7 and 0-5 for a year and a half
        after ``REFERENCE_DATE``, for demos that count ages on the real date."""
        rng, forced = self.rng, self.population.forced
        surname = rng.choice(SURNAMES[KAZAKH])
        grandfather = self._person(True, self._born(65.2, 67.8), KAZAKH, surname)
        grandmother = self._outsider(False, self._born(63.2, 64.8), KAZAKH)
        self._marry(grandfather, grandmother, take_name=1.0)
        parents = (grandfather, grandmother)
        son = self._person(True, self._born(34.2, 35.8), KAZAKH, surname, *parents)
        uncle = self._person(True, self._born(24.2, 25.8), KAZAKH, surname, *parents)
        wife = self._person(False, self._born(31.5, 32.8), KAZAKH, rng.choice(SURNAMES[KAZAKH]))
        self._marry(son, wife, take_name=1.0)
        daughter = self._person(False, self._born(6.05, 6.5), KAZAKH, surname, son, wife)
        boy = self._person(True, self._born(1.5, 3.0), KAZAKH, surname, son, wife)
        self._settle([grandfather, grandmother, uncle], astana)
        self._settle([son, wife, daughter, boy], astana, flat=True)
        forced[son[_ID]] = "home vehicle"
        forced[wife[_ID]] = "business"
        forced[uncle[_ID]] = "nothing"
        self._finish_family()

    def _finish_family(self) -> None:
        """Turn the family's rows into tuples and record what later stages need."""
        p = self.population
        append = self.rows.append
        for row in self._family:
            pid = row[_ID]
            p.birth[pid], p.death[pid], p.since[pid] = row[_BIRTH], row[_DEATH], row[_SINCE]
            p.building[pid] = row[_BUILDING] or 0
            p.apartment[pid] = int(row[_APARTMENT] or 0)
            p.spouse[pid] = row[_SPOUSE] or 0
            p.flags[pid] = (row[_SEX] == "M") | (HEAD if row[_HEAD] else 0)
            if row[_COUNTRY]:
                p.flags[pid] |= FOREIGN
                p.country[pid] = row[_COUNTRY]
            phone = mobile_phone(pid) if row[_BIRTH] <= ADULT and not row[_DEATH] else ""
            row[_BIRTH], row[_DEATH] = iso(row[_BIRTH]), iso(row[_DEATH])
            row[_SINCE] = iso(row[_SINCE])
            append((*row[:18], phone))
        self._family = []
