"""Whom an application is for: the citizen, or a minor child of theirs, as the population
registry says through the exchange (legal basis ``application-subject``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qyzmet.applications.validation import FieldProblem
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data

ADULT_AGE = 18
IIN = "population.person.iin"
CHILDREN = "population.person.children"
BASIS = "application-subject"


def _read(iin: str, field: str, *, system: str, basis: str = BASIS) -> dict:
    return request_registry_data(
        client=platform_client(system), subject=iin, fields=[field], purpose=legal_basis(basis)
    )


def applicant_iin(iin: str | None) -> str:
    """The citizen's IIN, once the population registry has confirmed it knows them."""
    if not iin or not _read(iin, IIN, system="applications"):
        raise Invalid("applicant.unknown")
    return iin


def _age(born: str) -> int:
    day, today = datetime.date.fromisoformat(born), timezone.localdate()
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


def minor_children(iin: str, *, system: str = "applications", basis: str = BASIS) -> list[dict]:
    """The living children under 18 of the person with ``iin`` (IIN, name, date of birth), read
    by the platform's ``system`` on the legal basis ``basis``."""
    children = _read(iin, CHILDREN, system=system, basis=basis).get(CHILDREN) or []
    return [child for child in children if _age(child["birth_date"]) < ADULT_AGE]


def resolve_subject(*, citizen_iin: str | None, on_behalf_of: str | None) -> str:
    """The IIN of the citizen, or of their minor child when ``on_behalf_of`` names one."""
    parent = applicant_iin(citizen_iin)
    if not on_behalf_of or on_behalf_of == parent:
        return parent
    try:
        parse_iin(on_behalf_of)
    except InvalidIdentifier as wrong:
        problem = FieldProblem("on_behalf_of", f"iin.{wrong.problem.value}")
        raise Invalid("invalid_application", [problem]) from None
    children = _read(parent, CHILDREN, system="applications").get(CHILDREN) or []
    child = next((c for c in children if c["iin"] == on_behalf_of), None)
    if child is None:
        raise Forbidden("subject.not_your_child")
    if _age(child["birth_date"]) >= ADULT_AGE:
        raise Forbidden("subject.not_minor")
    return on_behalf_of
