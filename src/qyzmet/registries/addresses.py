"""The address registry: regions, localities and streets from ``names``, and buildings
created as households need a home (a flat in a block, or a house)."""

from __future__ import annotations

import random
from array import array
from typing import Any, NamedTuple

from qyzmet.registries import names
from qyzmet.registries.population import scramble

Row = tuple[Any, ...]
BUILDING_FIELDS = ("id", "rca", "street", "number", "postcode")
_APARTMENT_SHARE = {"city": 0.8, "town": 0.5, "village": 0.0}
_BLOCK_SIZES = (16, 24, 36, 48, 60, 72, 80, 100, 120, 144, 180, 220)


class LocalityInfo(NamedTuple):
    id: int
    region: int  # index in names.REGIONS
    code: str  # region code, e.g. "02"
    kind: str  # Locality.Kind
    postcode: int
    streets: tuple[int, ...]  # street ids
    weight: float  # people living here, in thousands


class Places(NamedTuple):
    regions: list[Row]  # id, code, name_kk, name_ru
    localities: list[Row]  # id, region, kind, name_kk, name_ru
    streets: list[Row]  # id, locality, name_kk, name_ru
    info: list[LocalityInfo]


def build_places() -> Places:
    """Regions with their cities and towns (``names.TOWNS``) and, for the rest of a region's
    people, a few villages; each locality with its streets."""
    regions = [(i + 1, code, kk, ru) for i, (code, kk, ru, _people) in enumerate(names.REGIONS)]
    places: list[tuple[int, str, str, str, int, float]] = []  # region, kind, kk, ru, post, weight
    for index, (code, _kk, _ru, people) in enumerate(names.REGIONS):
        towns = [t for t in names.TOWNS if t[0] == code]
        places += [(index, kind, kk, ru, post, float(w)) for _c, kind, kk, ru, post, w in towns]
        village_people = (people - sum(t[5] for t in towns)) / names.VILLAGES_PER_REGION
        if village_people <= 0:
            continue
        for k in range(names.VILLAGES_PER_REGION):
            kk, ru = names.VILLAGES[(index * 5 + k) % len(names.VILLAGES)]
            places.append((index, "village", kk, ru, towns[0][4] + 100 * (k + 1), village_people))
    localities: list[Row] = []
    streets: list[Row] = []
    info: list[LocalityInfo] = []
    for number, (region, kind, kk, ru, postcode, weight) in enumerate(places, start=1):
        localities.append((number, region + 1, kind, kk, ru))
        if kind == "city":
            names_here = names.STREETS
        elif kind == "town":
            names_here = names.STREETS[: names.TOWN_STREETS]
        else:
            village = names.VILLAGE_STREETS
            names_here = tuple(village[(number + j) % len(village)] for j in range(5))
        first = len(streets) + 1
        streets += [(first + j, number, kk_, ru_) for j, (kk_, ru_) in enumerate(names_here)]
        ids = tuple(range(first, first + len(names_here)))
        code = names.REGIONS[region][0]
        info.append(LocalityInfo(number, region, code, kind, postcode, ids, weight))
    return Places(regions, localities, streets, info)


class Addresses:
    """Buildings, created on demand: one dwelling per household, flats filled block by block.
    New building rows wait in ``rows`` until the caller writes them."""

    def __init__(self, localities: list[LocalityInfo]) -> None:
        self.localities = localities
        self.rows: list[Row] = []
        self.count = 0
        self.region_of = array("H", [0])  # building id -> region index
        self.vacant: list[tuple[int, int]] = []  # (building, apartment) nobody lives in
        self._blocks: dict[int, list[int]] = {}  # locality -> [building, next apt, last apt]
        self._numbers: dict[int, int] = {}  # street -> last house number

    def _building(self, locality: LocalityInfo, rng: random.Random) -> int:
        self.count += 1
        street = rng.choice(locality.streets)
        number = self._numbers.get(street, 0) + rng.choice((1, 1, 2))
        self._numbers[street] = number
        postcode = locality.postcode + (street * 7 % 60 if locality.kind == "city" else 0)
        rca = f"{locality.code}{scramble(self.count, 10**14):014d}"
        self.rows.append((self.count, rca, street, str(number), f"{postcode:06d}"))
        self.region_of.append(locality.region)
        return self.count

    def dwelling(
        self, locality: LocalityInfo, rng: random.Random, flat: bool | None = None
    ) -> tuple[int, int]:
        """A free (building, apartment) in this locality; apartment 0 means a house.
        ``flat`` forces a flat (True) or a house (False); by default the locality decides."""
        if flat is None:
            flat = rng.random() < _APARTMENT_SHARE[locality.kind]
        if not flat:
            return self._building(locality, rng), 0
        block = self._blocks.get(locality.id)
        if block is None or block[1] > block[2]:
            block = [self._building(locality, rng), 1, rng.choice(_BLOCK_SIZES)]
            self._blocks[locality.id] = block
        apartment = block[1]
        block[1] += 1
        if rng.random() < 0.04 and block[1] <= block[2]:  # left empty: for sale or rent
            self.vacant.append((block[0], block[1]))
            block[1] += 1
        return block[0], apartment
