"""What the labour registry holds about the generated people: employment contracts (most
adults below pension age work for an employer; some lost a job in the last years) and the
bank accounts the state pays pensions and benefits to (every pensioner, most other adults).

Employers are a pool of synthetic LLPs; account numbers are valid Kazakh IBANs derived from
person ids through ``scramble``, so they never collide.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from qyzmet.core.identifiers import make_bin
from qyzmet.registries import names
from qyzmet.registries.bulk import BatchedRows, BulkWriter
from qyzmet.registries.models import Employment, PaymentAccount
from qyzmet.registries.population import (
    ADULT,
    MALE,
    TODAY,
    Population,
    iso,
    plus_years,
    scramble,
)

Report = Callable[[int, int], None]
BATCH = 20_000
BANKS = (("601", "Halyk Bank"), ("722", "Kaspi Bank"), ("965", "ForteBank"),
         ("998", "Jusan Bank"), ("856", "Bank CenterCredit"))  # fmt: skip
END_REASONS = tuple(Employment.EndReason.values)
PENSION_AGE_YEARS = {True: 63, False: 61}  # male, female (as registries.checks.PENSION_AGE)
_EMPLOYER_SERIALS_FROM = 50_000  # BIN serials above the business registry's own


def iban(bank_code: str, account: int) -> str:
    """A Kazakh IBAN (KZ, two check digits, a 3-digit bank code, 13 digits) per ISO 13616."""
    bban = f"{bank_code}{account:013d}"
    digits = "".join(str(int(c, 36)) for c in f"{bban}KZ00")
    return f"KZ{98 - int(digits) % 97:02d}{bban}"


def _day(rng: random.Random, earliest: int, before: int) -> int:
    """A day from ``earliest`` to the day before ``before`` (that day when they cross)."""
    return rng.randrange(min(earliest, before - 1), before)


def _employers(rng: random.Random, count: int) -> list[tuple[str, str]]:
    employers: list[tuple[str, str]] = []
    serial = _EMPLOYER_SERIALS_FROM
    while len(employers) < count:
        registered = datetime.date.fromordinal(rng.randrange(TODAY - 30 * 365, TODAY - 365))
        serial += 1
        bin_ = make_bin(registered, 4, serial)
        if bin_ is not None:
            word = rng.choice(names.BUSINESS_WORDS)
            employers.append((bin_, f"ТОО «{word} {rng.choice(names.BUSINESS_SUFFIXES)}»"))
    return employers


def write_labour(
    writer: BulkWriter, population: Population, rng: random.Random, report: Report
) -> dict[str, int]:
    """About two in three adults below pension age have an open employment contract and one
    in ten of the others one that ended lately; pensioners and four in five other adults have
    an account for state payments. The demo family: the father works, the mother runs her
    business, both have accounts; the uncle has nothing."""
    jobs = BatchedRows(writer, Employment, ("id", "person", "employer_bin", "employer_name",
                       "started_on", "ended_on", "end_reason"), BATCH)  # fmt: skip
    accounts = BatchedRows(writer, PaymentAccount, ("id", "person", "iban", "bank",
                           "opened_on"), BATCH)  # fmt: skip
    p = population
    employers = _employers(rng, min(max(5, p.size // 60), 40_000))
    for pid in range(1, p.size + 1):
        if pid % BATCH == 0:
            report(pid, p.size)
        born = p.birth[pid]
        if p.death[pid] or born > ADULT:
            continue
        wish = p.forced.get(pid, "")
        adult_since = plus_years(born, 18)
        retired = born <= plus_years(TODAY, -PENSION_AGE_YEARS[bool(p.flags[pid] & MALE)])
        works = not retired and "nothing" not in wish and "business" not in wish
        if works and (wish or rng.random() < 0.64):
            started = _day(rng, max(adult_since, TODAY - 15 * 365), TODAY - 30)
            employer_bin, employer_name = rng.choice(employers)
            jobs.add((jobs.count + 1, pid, employer_bin, employer_name, iso(started), None, ""))
        elif works and rng.random() < 0.1:
            started = _day(rng, max(adult_since, TODAY - 12 * 365), TODAY - 60)
            ended = rng.randrange(started + 30, TODAY)
            employer_bin, employer_name = rng.choice(employers)
            jobs.add((jobs.count + 1, pid, employer_bin, employer_name, iso(started),
                      iso(ended), rng.choice(END_REASONS)))  # fmt: skip
        if "nothing" in wish or not (wish or retired or rng.random() < 0.8):
            continue
        code, bank = rng.choice(BANKS)
        opened = _day(rng, max(adult_since, TODAY - 20 * 365), TODAY)
        number = accounts.count + 1
        accounts.add((number, pid, iban(code, scramble(pid, 10**13)), bank, iso(opened)))
    jobs.flush()
    accounts.flush()
    report(p.size, p.size)
    return {"employment": jobs.count, "paymentaccount": accounts.count}
