"""Which officers record notarised mandates and guardianships: those of the agency
``QYZMET_REPRESENTATION_AGENCY`` names (by default the Ministry of Justice, which keeps the
notaries' register)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def recording_agency() -> str:
    return str(settings.REPRESENTATION_AGENCY)


def may_record(person: Any) -> bool:
    """Whether ``person`` is an officer of the agency that records mandates."""
    agency = getattr(person, "agency", None)
    return (
        bool(getattr(person, "is_officer", False))
        and getattr(agency, "slug", None) == recording_agency()
    )
