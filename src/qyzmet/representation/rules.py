"""What a mandate must say to be recorded, checked the same way whether a citizen gives it in
the portal or an officer records it: the people's IINs (well formed, two people, the
representative of age by the birth date their IIN carries), the services (current services
applied for by a person), and its last day."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qyzmet.catalog.selectors import current_services
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin
from qyzmet.representation.grounds import PERSON
from qyzmet.representation.registry import ADULT_AGE, age

MAX_YEARS = 3  # a power of attorney lasts at most three years (Civil Code, article 170)
MAX_GUARDIANSHIP_YEARS = 50


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def iin_problems(field: str, value: str, *, adult: bool = False) -> list[Problem]:
    try:
        iin = parse_iin(value)
    except InvalidIdentifier as wrong:
        return [Problem(field, f"iin.{wrong.problem.value}")]
    if adult and age(iin.birth_date) < ADULT_AGE:
        return [Problem(field, "mandate.representative_minor")]
    return []


def people_problems(
    principal_iin: str, representative_iin: str, *, principal_field: str = "principal_iin"
) -> list[Problem]:
    problems = iin_problems(principal_field, principal_iin) if principal_field else []
    problems += iin_problems("representative_iin", representative_iin, adult=True)
    if not problems and principal_iin == representative_iin:
        problems.append(Problem("representative_iin", "mandate.same_person"))
    return problems


def personal_services() -> dict[str, Any]:
    """The current services a person applies for (not a company), by slug."""
    found = current_services().select_related("current")
    return {
        s.slug: s.current for s in found if s.current is not None and s.current.applicant == PERSON
    }


def service_problems(services: Iterable[str]) -> list[Problem]:
    known = personal_services()
    unknown = sorted({slug for slug in services if slug not in known})
    if unknown:
        return [Problem("services", "mandate.unknown_services", {"services": ", ".join(unknown)})]
    return []


def until_problems(
    until: datetime.date | None, *, today: datetime.date, years: int = MAX_YEARS
) -> list[Problem]:
    if until is None:
        return [Problem("until", "mandate.until_missing")]
    if until < today:
        return [Problem("until", "mandate.until_past")]
    latest = _years_later(today, years)
    if until > latest:
        return [Problem("until", "mandate.until_too_far", {"years": years})]
    return []


def grant_problems(
    *,
    principal_iin: str,
    representative_iin: str,
    services: Iterable[str],
    until: datetime.date | None,
    today: datetime.date,
) -> list[Problem]:
    """What is wrong with a mandate a citizen gives (checked without reading the registries:
    the same answer for any IIN)."""
    problems = people_problems(principal_iin, representative_iin, principal_field="")
    return problems + service_problems(services) + until_problems(until, today=today)
