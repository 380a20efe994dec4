"""Synthetic state registries for demos, tests and load tests: ``generate_registries``.

Replaces every registry row with a generated population of ``people`` persons and what
the other registries hold about them. The same ``people`` and ``seed`` always give the
same rows: one seeded ``random.Random`` per stage, and "today" is the fixed
``REFERENCE_DATE``. Rows are written in batches through ``bulk.bulk_writer`` inside one
transaction, so a million people take minutes, and a failure leaves the old data.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable

from django.db import connection, transaction

from qyzmet.registries import assets, documents, labour
from qyzmet.registries.addresses import BUILDING_FIELDS, Addresses, LocalityInfo, build_places
from qyzmet.registries.bulk import BulkWriter, bulk_writer
from qyzmet.registries.households import PERSON_FIELDS, Households
from qyzmet.registries.models import (
    Building,
    Business,
    Employment,
    Encumbrance,
    IdentityDocument,
    Locality,
    PaymentAccount,
    Person,
    RealEstate,
    Region,
    Street,
    Vehicle,
)
from qyzmet.registries.population import REFERENCE_DATE, Population

__all__ = ["REFERENCE_DATE", "generate_registries"]

Progress = Callable[[str, int, int], None]
BATCH = 20_000
MODELS = (
    Region,
    Locality,
    Street,
    Building,
    Person,
    IdentityDocument,
    RealEstate,
    Encumbrance,
    Vehicle,
    Business,
    Employment,
    PaymentAccount,
)
DEMO_FAMILY_FROM = 12  # people; smaller populations get no demo family


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def generate_registries(
    *, people: int, seed: int, progress: Progress | None = None
) -> dict[str, int]:
    """Replace all registry data with a generated population; rows written per table.

    ``progress(stage, done, total)`` is called as the work advances; stages are "clear",
    "addresses", "people", "documents", "property", "vehicles", "businesses", "labour",
    "finish".
    """
    if people < 0:
        raise ValueError("people must not be negative")
    report = progress or _quiet
    counts: dict[str, int] = {}
    writer = bulk_writer(connection, cache_bytes=_cache_bytes(people))
    with writer.session(), transaction.atomic():
        report("clear", 0, 1)
        writer.clear(MODELS[::-1])
        writer.prepare(MODELS)
        report("clear", 1, 1)
        localities = _write_places(writer, counts)
        report("addresses", 1, 1)
        population = Population(people)
        _write_people(writer, population, localities, seed, counts, report)
        stages = (
            ("documents", documents.write_documents),
            ("property", assets.write_property),
            ("vehicles", assets.write_vehicles),
            ("businesses", assets.write_businesses),
            ("labour", labour.write_labour),
        )
        for stage, write in stages:
            rng = random.Random(f"{seed}:{stage}")
            counts.update(write(writer, population, rng, functools.partial(report, stage)))
        writer.finish(MODELS, report)
    return {str(m._meta.model_name): counts.get(str(m._meta.model_name), 0) for m in MODELS}


def _cache_bytes(people: int) -> int:
    """Page cache for the load: what the rows of ``people`` take (some 2 KB a person since
    personal data is encrypted, with its keyed hashes and their indexes), between 64 MiB and
    2 GiB."""
    return min(max(people * 2048, 2**26), 2**31)


def _write_places(writer: BulkWriter, counts: dict[str, int]) -> list[LocalityInfo]:
    places = build_places()
    writer.write(Region, ("id", "code", "name_kk", "name_ru"), places.regions)
    writer.write(Locality, ("id", "region", "kind", "name_kk", "name_ru"), places.localities)
    writer.write(Street, ("id", "locality", "name_kk", "name_ru"), places.streets)
    counts.update(
        region=len(places.regions), locality=len(places.localities), street=len(places.streets)
    )
    return places.info


def _write_people(
    writer: BulkWriter,
    population: Population,
    localities: list[LocalityInfo],
    seed: int,
    counts: dict[str, int],
    report: Progress,
) -> None:
    """People family by family, and the buildings they live in, in batches."""
    addresses = Addresses(localities)
    households = Households(random.Random(f"{seed}:people"), population, addresses)
    written = 0

    def flush() -> None:
        nonlocal written
        writer.write(Building, BUILDING_FIELDS, addresses.rows)
        writer.write(Person, PERSON_FIELDS, households.rows)
        written += len(households.rows)
        addresses.rows.clear()
        households.rows.clear()
        report("people", written, population.size)

    report("people", 0, population.size)
    if population.size >= DEMO_FAMILY_FROM:
        astana = next(loc for loc in localities if loc.code == "01")
        households.add_demo_family(astana)
    while households.remaining > 0:
        households.add_family()
        if len(households.rows) >= BATCH:
            flush()
    flush()
    population.vacant = addresses.vacant
    population.building_region = addresses.region_of
    counts.update(person=written, building=addresses.count)
