"""What representation reads from the registries, always through the exchange, each read under
its coded legal basis (``exchange/legal-bases.yaml``) and so shown in the data tracker of the
person it is about: a person's children, whether a person lives and their name, and the
companies a person heads."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from qyzmet.accounts.signin import RegisteredPerson, living_person
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.core.texts import Text
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data

SYSTEM = "representation"
ADULT_AGE = 18
CHILDREN = "population.person.children"
CHILDREN_BASIS = "application-subject"  # whom an application is for: oneself or a minor child
MANDATES_BASIS = "representation-mandates"
COMPANIES_BASIS = "representation-companies"
BUSINESSES = "businesses.person.businesses"
ACTIVE = "active"
COMPANIES_SECONDS = 600  # how long a list of companies read for a chooser is used again


def age(born: str | datetime.date, today: datetime.date | None = None) -> int:
    day = born if isinstance(born, datetime.date) else datetime.date.fromisoformat(born)
    today = today or timezone.localdate()
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


def children_of(iin: str, *, system: str = SYSTEM, basis: str = CHILDREN_BASIS) -> list[dict]:
    """The living children of the person with ``iin`` (IIN, name, date of birth), read by the
    platform's ``system`` on the legal basis ``basis``."""
    read = request_registry_data(
        client=platform_client(system), subject=iin, fields=[CHILDREN],
        purpose=legal_basis(basis),
    )  # fmt: skip
    return list(read.get(CHILDREN) or [])


def minor_children(iin: str, *, system: str = SYSTEM, basis: str = CHILDREN_BASIS) -> list[dict]:
    """The living children under 18 of the person with ``iin``."""
    return [c for c in children_of(iin, system=system, basis=basis) if age(c["birth_date"]) < 18]


def living(iin: str) -> RegisteredPerson | None:
    """The living person with ``iin`` and their name, or ``None`` (no such person, or dead)."""
    return living_person(iin, system=SYSTEM, basis=MANDATES_BASIS)


def full_name(person: RegisteredPerson | None) -> Text:
    """``Last First`` in Kazakh and Russian (the registry keeps no English name)."""
    if person is None:
        return {}
    return {
        language: " ".join(
            part for part in (person.last_name.get(language), person.first_name.get(language))
            if part
        )
        for language in ("kk", "ru")
    }  # fmt: skip


def companies_headed(iin: str, *, cached: bool = False) -> list[dict[str, Any]]:
    """The active companies (BIN, name, legal form) the business registry names the person
    with ``iin`` as head and owner of. ``cached``: what was read for them at most
    ``COMPANIES_SECONDS`` ago will do (for lists and choosers, never for a decision), so that
    paging through pages does not add a read, and a line in their data tracker, each time."""
    key = f"representation.companies:{subject_digest(iin)}"
    if cached and (known := cache.get(key)) is not None:
        return list(known)
    read = request_registry_data(
        client=platform_client(SYSTEM), subject=iin, fields=[BUSINESSES],
        purpose=legal_basis(COMPANIES_BASIS),
    )  # fmt: skip
    found = [b for b in read.get(BUSINESSES) or [] if b.get("status") == ACTIVE]
    cache.set(key, found, COMPANIES_SECONDS)
    return found
