"""Whom an application is for: the citizen, or a minor child of theirs."""

from __future__ import annotations

from django.utils import timezone

from qyzmet.applications.validation import FieldProblem
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin
from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import Person

ADULT_AGE = 18


def applicant_person(iin: str | None) -> Person:
    person = find_person(iin) if iin else None
    if person is None:
        raise Invalid("applicant.unknown")
    return person


def resolve_subject(*, citizen_iin: str | None, on_behalf_of: str | None) -> Person:
    """The citizen's own registry entry, or their minor child's when ``on_behalf_of`` is set."""
    parent = applicant_person(citizen_iin)
    if not on_behalf_of or on_behalf_of == parent.iin:
        return parent
    try:
        parse_iin(on_behalf_of)
    except InvalidIdentifier as wrong:
        problem = FieldProblem("on_behalf_of", f"iin.{wrong.problem.value}")
        raise Invalid("invalid_application", [problem]) from None
    child = find_person(on_behalf_of)
    if child is None or parent.pk not in (child.mother_id, child.father_id):
        raise Forbidden("subject.not_your_child")
    if age_on(child, timezone.localdate()) >= ADULT_AGE:
        raise Forbidden("subject.not_minor")
    return child
