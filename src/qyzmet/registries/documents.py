"""Identity documents of the generated people: a birth certificate for children, from 16
an id card (renewed every ten years; a few lost or never renewed), for some a passport;
foreign citizens hold their country's passport. Numbers come from document ids through
``scramble``, so they never collide."""

from __future__ import annotations

import random
from collections.abc import Callable

from qyzmet.registries import names
from qyzmet.registries.bulk import BatchedRows, BulkWriter
from qyzmet.registries.models import IdentityDocument
from qyzmet.registries.population import ADULT, TODAY, Population, iso, plus_years, scramble

BATCH = 20_000
TEN_YEARS = 3652
FIELDS = ("id", "person", "kind", "number", "issued_on", "expires_on", "issuer", "status")


def write_documents(
    writer: BulkWriter,
    population: Population,
    rng: random.Random,
    report: Callable[[int, int], None],
) -> dict[str, int]:
    out = BatchedRows(writer, IdentityDocument, FIELDS, BATCH)
    birth, death, country = population.birth, population.death, population.country
    forced, size = population.forced, population.size
    for pid in range(1, size + 1):
        if pid % BATCH == 0:
            report(pid, size)
        born, died = birth[pid], death[pid]
        until = died or TODAY
        number = out.count + 1
        if country[pid]:
            code, issuer, _style, _weight = names.FOREIGN_COUNTRIES[country[pid] - 1]
            issued = max(born + 30, until - rng.randrange(30, 8 * 365))
            status = "valid" if issued + TEN_YEARS > until else "expired"
            out.add((number, pid, "passport", f"{code}{scramble(number, 10**8):08d}",
                     iso(issued), iso(issued + TEN_YEARS), issuer, status))  # fmt: skip
            continue
        sixteen = plus_years(born, 16)
        if sixteen > until:
            issued = min(born + rng.randrange(3, 40), TODAY)
            out.add((number, pid, "birth-certificate", f"B{scramble(number, 10**9):09d}",
                     iso(issued), None, names.BIRTH_CERTIFICATE_ISSUER, "valid"))  # fmt: skip
            continue
        first = sixteen + rng.randrange(0, 120)
        renewals = max(0, (until - first) // TEN_YEARS)
        roll = 1.0 if pid in forced else rng.random()
        status = "expired" if died else "lost" if roll < 0.015 else "valid"
        if roll < 0.035 and renewals and not died:  # the last renewal never happened
            renewals, status = renewals - 1, "expired"
        issued = min(first + renewals * TEN_YEARS, until)
        out.add((number, pid, "id-card", f"{scramble(number, 10**9):09d}", iso(issued),
                 iso(issued + TEN_YEARS), names.ID_CARD_ISSUER, status))  # fmt: skip
        if born <= ADULT and rng.random() < 0.22:
            issued = max(until - rng.randrange(30, 9 * 365), sixteen)
            status = "expired" if died or issued + TEN_YEARS <= until else "valid"
            number = out.count + 1
            out.add((number, pid, "passport", f"N{scramble(number, 10**8):08d}", iso(issued),
                     iso(issued + TEN_YEARS), names.ID_CARD_ISSUER, status))  # fmt: skip
    out.flush()
    report(size, size)
    return {"identitydocument": out.count}
