"""Reading partners' consents and webhook delivery logs."""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from qyzmet.core.errors import Invalid, NotFound
from qyzmet.partners.models import Consent, ConsentStatus, Partner
from qyzmet.partners.webhook_models import WebhookDelivery


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


def consent_withdrawn(*, partner: Partner, citizen_id: Any) -> bool:
    """Whether the citizen revoked the partner's consent: their newest consent to it that was
    ever granted is revoked (a consent given again after it counts instead)."""
    newest = (
        Consent.objects.filter(partner=partner, citizen_id=citizen_id, granted_at__isnull=False)
        .order_by("-granted_at")
        .values_list("status", flat=True)
        .first()
    )
    return newest == ConsentStatus.REVOKED


@dataclass(frozen=True)
class DeliveryPage:
    deliveries: list[WebhookDelivery]
    next_cursor: str | None  # None on the last page


def _cursor_of(delivery: WebhookDelivery) -> str:
    raw = f"{delivery.created_at.isoformat()}|{delivery.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _position(cursor: str) -> tuple[datetime.datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        at = datetime.datetime.fromisoformat(moment)
        if at.tzinfo is None:
            raise ValueError(moment)
        return at, uuid.UUID(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise Invalid("cursor.invalid") from error


def webhook_deliveries_of(
    *,
    partner: Partner,
    limit: int = 50,
    cursor: str | None = None,
    status: str | None = None,
    application: Any = None,
) -> DeliveryPage:
    """One page of the partner's deliveries with their attempts, newest first; pass the
    ``next_cursor`` of a page to get the next one. Those withheld (about a citizen who revoked
    the partner's consent) are left out."""
    deliveries = WebhookDelivery.objects.filter(partner=partner, withheld_at__isnull=True)
    deliveries = deliveries.order_by("-created_at", "-id")
    if status:
        deliveries = deliveries.filter(status=status)
    if application:
        deliveries = deliveries.filter(application_id=application)
    if cursor:
        at, pk = _position(cursor)
        deliveries = deliveries.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=pk))
    page = list(deliveries.prefetch_related("attempt_log")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return DeliveryPage(deliveries=page, next_cursor=_cursor_of(page[-1]) if more else None)


def partner_named(channel: str) -> str:
    """The name of the partner an application came through (channel ``partner:SLUG``)."""
    if not channel.startswith("partner:"):
        return ""
    partner = Partner.objects.filter(slug=channel.removeprefix("partner:")).first()
    return partner.name if partner else channel.removeprefix("partner:")
