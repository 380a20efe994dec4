"""Reading partners' consents."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qyzmet.core.errors import NotFound
from qyzmet.partners.models import Consent


def consents_of(citizen: Any) -> QuerySet[Consent]:
    """Every consent request about the citizen, newest first: the citizen's receipts."""
    return (
        Consent.objects.filter(Q(citizen=citizen) | Q(iin=citizen.iin))
        .select_related("partner")
        .order_by("-requested_at")
    )


def consent_for_citizen(citizen: Any, consent_id: Any) -> Consent:
    consent = consents_of(citizen).filter(pk=consent_id).first()
    if consent is None:
        raise NotFound("not_found.consent")
    return consent
