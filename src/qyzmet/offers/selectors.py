"""Reading a citizen's offers (they wait by IIN, account or not)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qyzmet.catalog.models import LifeSituation, Service
from qyzmet.core.errors import NotFound
from qyzmet.offers.models import Offer, OfferStatus


def offers_of(citizen: Any) -> QuerySet[Offer]:
    """The citizen's offers, those of the newest event first, each event's in rule order."""
    return (
        Offer.objects.filter(citizen_iin=getattr(citizen, "iin", None) or "")
        .select_related("rule_version", "event", "application")
        .order_by("-event__recorded_at", "-event_id", "created_at", "id")
    )


def open_offers_of(citizen: Any) -> QuerySet[Offer]:
    return offers_of(citizen).filter(status=OfferStatus.PENDING, expires_at__gt=timezone.now())


def open_offer_count(citizen: Any) -> int:
    return open_offers_of(citizen).count() if getattr(citizen, "iin", None) else 0


def offer_of(citizen: Any, offer_id: Any) -> Offer:
    """The citizen's offer with this id (anyone else's is not found)."""
    try:
        key = offer_id if isinstance(offer_id, uuid.UUID) else uuid.UUID(str(offer_id))
    except ValueError:
        raise NotFound("not_found.offer") from None
    offer = offers_of(citizen).filter(pk=key).first()
    if offer is None:
        raise NotFound("not_found.offer")
    return offer


def offered(offer: Offer) -> dict[str, Any]:
    """What the offer is for: its service or life situation (id and title)."""
    definition = offer.rule_version.definition
    if definition.get("service"):
        service = Service.objects.filter(slug=definition["service"]).select_related("current")
        found = service.first()
        title = found.current.title if found and found.current else {}
        return {"kind": "service", "id": definition["service"], "title": title}
    situation = LifeSituation.objects.filter(slug=definition["life_situation"])
    found_situation = situation.select_related("current").first()
    title = found_situation.current.title if found_situation and found_situation.current else {}
    return {"kind": "life_situation", "id": definition["life_situation"], "title": title}
