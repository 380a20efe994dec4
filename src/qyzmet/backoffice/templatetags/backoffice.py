"""Back office template helpers."""

from __future__ import annotations

from typing import Any

from django import template

from qyzmet.appointments.selectors import centres_of_agency
from qyzmet.casework.consultation_models import Consultation
from qyzmet.casework.roles import has_role
from qyzmet.core.texts import pick
from qyzmet.representation import words
from qyzmet.representation.agency import may_record

register = template.Library()


@register.filter
def records_mandates(user: Any) -> bool:
    """Whether the officer may record notarised mandates and guardianships."""
    return may_record(user)


@register.filter
def mandate_kind(kind: str) -> str:
    return pick(words.KINDS.get(kind)) or kind


@register.filter
def mandate_state(state: str) -> str:
    return pick(words.STATES.get(state)) or state


@register.filter
def ground_label(ground: str) -> str:
    """On what ground someone acted for another (``representation.grounds``), in words."""
    return pick(words.GROUNDS.get(ground)) or ground


@register.filter
def serves_at_centres(user: Any) -> bool:
    """The officer's agency runs service centres: the menu shows their visits of the day."""
    agency_id = getattr(user, "agency_id", None)
    return agency_id is not None and centres_of_agency(agency_id).exists()


@register.filter
def decides_appeals(user: Any) -> bool:
    """The officer holds the role ``appeals``: the menu shows the appeals to decide."""
    return has_role(user, "appeals")


@register.filter
def is_consulted(user: Any) -> bool:
    """The officer's agency has ever been consulted: the menu shows its consultations."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return False
    return Consultation.objects.filter(agency_id=agency_id).exists()
