"""What the property, vehicle and business registries hold about the generated people.

Each stage walks the population once, by person id, reading ``Population``'s arrays, and
writes its rows in batches. Codes that must be unique (cadastral numbers, plates, VINs,
BINs) are derived from ids through ``scramble`` or from per-month counters.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from qyzmet.core.identifiers import make_bin
from qyzmet.registries import names
from qyzmet.registries.bulk import BatchedRows, BulkWriter
from qyzmet.registries.models import Business, Encumbrance, RealEstate, Vehicle
from qyzmet.registries.population import (
    ADULT,
    FOREIGN,
    HEAD,
    MALE,
    TODAY,
    Population,
    iso,
    plus_years,
    scramble,
)

Report = Callable[[int, int], None]
BATCH = 20_000
_PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VALUES = dict(zip(_VIN_CHARS, (*range(1, 9), 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9,
                                    *range(10)), strict=True))  # fmt: skip
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model year code, a cycle of 30 from 1980
_STATUSES = ("active", "suspended", "closed")
_BUSINESS_FROM = datetime.date(1996, 1, 1).toordinal()


def _cadastral(population: Population, building: int) -> str:
    """The land plot's cadastral number: region, district, quarter, plot."""
    x = scramble(building, 10**10)
    district, quarter, plot = x // 10**7, x // 10**4 % 1000, x % 10**4
    return f"{population.region_code(building)}:{district:03d}:{quarter:03d}:{plot:04d}"


def write_property(
    writer: BulkWriter, population: Population, rng: random.Random, report: Report
) -> dict[str, int]:
    """Most households own their home (a flat, or a house with its land plot), in the name
    of the head of the household or the spouse; some adults own a second, empty flat. Some
    flats carry a mortgage, a few properties an arrest."""
    estate = BatchedRows(writer, RealEstate, ("id", "cadastral_number", "kind", "building",
                         "apartment", "area_m2", "owner", "owned_since"), BATCH)  # fmt: skip
    burden = BatchedRows(writer, Encumbrance, ("id", "real_estate", "kind", "holder",
                         "registered_on", "lifted_on"), BATCH)  # fmt: skip
    p = population
    vacant = iter(p.vacant)

    def own(kind: str, number: str, at: int, flat: int, area: float, owner: int, when: int):
        estate.add((estate.count + 1, number, kind, at, str(flat or ""), f"{area:.1f}", owner,
                    iso(when)))  # fmt: skip
        if kind == "apartment" and when > TODAY - 15 * 365 and rng.random() < 0.18:
            lifted = when + rng.randrange(3 * 365, 15 * 365)
            bank = rng.choice(names.MORTGAGE_HOLDERS)
            burden.add((burden.count + 1, estate.count, "mortgage", bank, iso(when),
                        iso(lifted) if lifted < TODAY else None))  # fmt: skip
        if rng.random() < 0.01:
            arrested = max(TODAY - rng.randrange(20, 3 * 365), when)
            lifted = arrested + rng.randrange(30, 2 * 365)
            holder = rng.choice(names.ARREST_HOLDERS)
            burden.add((burden.count + 1, estate.count, "arrest", holder, iso(arrested),
                        iso(lifted) if lifted < TODAY else None))  # fmt: skip

    for pid in range(1, p.size + 1):
        if pid % BATCH == 0:
            report(pid, p.size)
        if p.death[pid] or p.birth[pid] > ADULT:
            continue
        wish = p.forced.get(pid, "")
        home = "home" in wish
        if p.flags[pid] & HEAD and (
            home or rng.random() < (0.2 if p.flags[pid] & FOREIGN else 0.55)
        ):
            owner, partner = pid, p.spouse[pid]
            if not home and partner and not p.death[partner] and p.birth[partner] <= ADULT:
                owner = partner if rng.random() < 0.4 else pid
            when = max(p.since[pid], plus_years(p.birth[owner], 18))
            building, flat = p.building[pid], p.apartment[pid]
            base = _cadastral(p, building)
            if flat:
                area = max(18.0, rng.gauss(62, 22))
                own("apartment", f"{base}:{flat}", building, flat, area, owner, when)
            else:
                own("house", f"{base}:1", building, 0, rng.uniform(45, 260), owner, when)
                if rng.random() < 0.8:
                    own("land", base, building, 0, rng.uniform(300, 2500), owner, when)
        if "nothing" not in wish and rng.random() < 0.03:
            second = next(vacant, None)
            if second is not None:
                building, flat = second
                when = max(TODAY - rng.randrange(30, 12 * 365), plus_years(p.birth[pid], 18))
                number = f"{_cadastral(p, building)}:{flat}"
                own("apartment", number, building, flat, max(18.0, rng.gauss(55, 18)), pid, when)
    estate.flush()
    burden.flush()
    report(p.size, p.size)
    return {"realestate": estate.count, "encumbrance": burden.count}


def _vin(wmi: str, year: int, number: int, rng: random.Random) -> str:
    """17 characters with a valid check digit; the last seven encode ``number``."""
    code = scramble(number, 33 * 10**6)
    head = wmi + "".join(rng.choices(_VIN_CHARS, k=5))
    tail = _VIN_YEARS[(year - 1980) % 30] + _VIN_CHARS[code // 10**6] + f"{code % 10**6:06d}"
    check = sum(_VIN_VALUES[c] * w for c, w in zip(head + "0" + tail, _VIN_WEIGHTS, strict=True))
    return head + ("X" if check % 11 == 10 else str(check % 11)) + tail


def _plate(number: int, region: str) -> str:
    """A plate like 123ABC02: three digits, three letters, the region code."""
    code = scramble(number, 999 * 23**3)
    digits, letters = code // 23**3 + 1, code % 23**3
    a, b, c = (_PLATE_LETTERS[i] for i in (letters // 529, letters // 23 % 23, letters % 23))
    return f"{digits:03d}{a}{b}{c}{region}"


def write_vehicles(
    writer: BulkWriter, population: Population, rng: random.Random, report: Report
) -> dict[str, int]:
    """About a quarter of adults own a car (men more often), a few own two."""
    out = BatchedRows(writer, Vehicle, ("id", "vin", "plate", "make", "model", "year", "owner",
                      "registered_on"), BATCH)  # fmt: skip
    p = population
    models = names.VEHICLE_MODELS
    weights = [m[4] for m in models]
    old = plus_years(TODAY, -75)
    for pid in range(1, p.size + 1):
        if pid % BATCH == 0:
            report(pid, p.size)
        born = p.birth[pid]
        if p.death[pid] or born > ADULT:
            continue
        wish = p.forced.get(pid, "")
        chance = 0.38 if p.flags[pid] & MALE else 0.14
        if born < old or p.flags[pid] & FOREIGN:
            chance /= 3
        if "nothing" in wish or not ("vehicle" in wish or rng.random() < chance):
            continue
        region = p.region_code(p.building[pid])
        for _ in range(2 if rng.random() < 0.07 else 1):
            make, model, first, last, _weight, wmi = rng.choices(models, weights)[0]
            year = min(last, max(first, 2026 - int(rng.expovariate(1 / 8))))
            earliest = max(datetime.date(year, 1, 1).toordinal(), plus_years(born, 18))
            registered = rng.randrange(earliest, TODAY) if earliest < TODAY else TODAY
            number = out.count + 1
            out.add((number, _vin(wmi, year, number, rng), _plate(number, region), make, model,
                     year, pid, iso(registered)))  # fmt: skip
    out.flush()
    report(p.size, p.size)
    return {"vehicle": out.count}


def write_businesses(
    writer: BulkWriter, population: Population, rng: random.Random, report: Report
) -> dict[str, int]:
    """About 8% of adults own a business: mostly sole proprietors, some LLPs; most active."""
    out = BatchedRows(writer, Business, ("id", "bin", "name", "legal_form", "owner", "status",
                      "activity_code", "registered_on"), BATCH)  # fmt: skip
    p = population
    serials: dict[tuple[int, int], int] = {}  # (month, entity type) -> last serial
    youngest_prime, oldest_prime = plus_years(TODAY, -25), plus_years(TODAY, -60)
    too_old = plus_years(TODAY, -75)
    for pid in range(1, p.size + 1):
        if pid % BATCH == 0:
            report(pid, p.size)
        born = p.birth[pid]
        if p.death[pid] or born > ADULT or born < too_old:
            continue
        wish = p.forced.get(pid, "")
        chance = 0.105 if oldest_prime <= born <= youngest_prime else 0.05
        if "nothing" in wish or not ("business" in wish or rng.random() < chance):
            continue
        llp = "business" not in wish and rng.random() < 0.25
        earliest = max(plus_years(born, 18), _BUSINESS_FROM)
        registered = datetime.date.fromordinal(rng.randint(earliest, TODAY))
        kind = 4 if llp else 6  # BIN entity type: legal entity / individual entrepreneur
        key = (registered.year * 12 + registered.month, kind)
        serial, bin_ = serials.get(key, 0), None
        while bin_ is None:
            serial += 1
            bin_ = make_bin(registered, kind, serial)
        serials[key] = serial
        word = rng.choice(names.BUSINESS_WORDS)
        name = f"ТОО «{word} {rng.choice(names.BUSINESS_SUFFIXES)}»" if llp else f"ИП «{word}»"
        status = "active" if wish else rng.choices(_STATUSES, (85, 5, 10))[0]
        out.add((out.count + 1, bin_, name, "llp" if llp else "sole-proprietor", pid, status,
                 rng.choice(names.ACTIVITY_CODES), registered.isoformat()))  # fmt: skip
    out.flush()
    report(p.size, p.size)
    return {"business": out.count}
