"""Citizens' offers: list them, accept one (the pre-filled application is made in the same
call) or decline it. Partners need the citizen's grant with ``applications:read`` to list and
``applications:write`` to answer; an application made through a partner is theirs to follow."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from qyzmet.api.callers import channel_of, citizen_of, partner_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.presenters import application_detail
from qyzmet.api.schemas import ApplicationDetail, Text
from qyzmet.callers.shapes import Shape
from qyzmet.offers.models import Offer
from qyzmet.offers.selectors import offer_of, offered, offers_of
from qyzmet.offers.services import accept_offer, decline_offer

router = Router(tags=["offers"])
READ, WRITE = "applications:read", "applications:write"


class Offered(Shape):
    kind: str = Field(description="service or life_situation")
    id: str
    title: Text


class EventOut(Shape):
    kind: str = Field(description="birth, retirement, death or employment-ended")
    occurred_on: datetime.date


class OfferOut(Shape):
    id: uuid.UUID
    status: str = Field(description="pending, accepted, declined or expired")
    rule: str = Field(description="The offer rule of the catalogue that made it.")
    title: Text
    description: Text
    offered: Offered
    event: EventOut
    created_at: datetime.datetime
    expires_at: datetime.datetime
    decided_at: datetime.datetime | None
    application_id: uuid.UUID | None


class AcceptanceOut(Shape):
    offer: OfferOut
    application: ApplicationDetail | None = Field(
        description="The application made; null when the citizen accepted the offer elsewhere "
        "first (a partner sees only the applications made through it)."
    )
    missing_field: str | None = Field(
        description="The first answer or field the citizen still has to give ('answers.Q' or "
        "'data.SERVICE.FIELD'); null when the application was submitted."
    )


def offer_out(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "status": offer.status,
        "rule": offer.rule_version.definition["id"],
        "title": offer.rule_version.title,
        "description": offer.rule_version.description,
        "offered": offered(offer),
        "event": {"kind": offer.event.kind, "occurred_on": offer.event.occurred_on},
        "created_at": offer.created_at,
        "expires_at": offer.expires_at,
        "decided_at": offer.decided_at,
        "application_id": offer.application_id,
    }


@router.get("/offers", response=list[OfferOut], openapi_extra=PAGED)
def list_offers(
    request: HttpRequest, page: Query[PageQuery], response: HttpResponse
) -> list[dict[str, Any]]:
    """The offers the state made the citizen after registry events, newest first, a page at a
    time: the next one is in the `Link` header."""
    found, cursor = page_of(
        offers_of(citizen_of(request, READ)), page, order=("-created_at", "-pk")
    )
    link_next(request, response, cursor)
    return [offer_out(o) for o in found]


@router.post("/offers/{offer_id}/accept", response=AcceptanceOut)
def accept(request: HttpRequest, offer_id: str) -> dict[str, Any]:
    """Accept an offer: the application is made, pre-filled from the event and the registries,
    and submitted when nothing is missing. Accepting again returns the same application."""
    citizen = citizen_of(request, WRITE)
    acceptance = accept_offer(
        offer=offer_of(citizen, offer_id), citizen=citizen, channel=channel_of(request)
    )
    application = acceptance.application
    partner = partner_of(request)
    visible = partner is None or application.channel == partner.channel
    return {
        "offer": offer_out(acceptance.offer),
        "application": application_detail(application) if visible else None,
        "missing_field": acceptance.missing,
    }


@router.post("/offers/{offer_id}/decline", response=OfferOut)
def decline(request: HttpRequest, offer_id: str) -> dict[str, Any]:
    """Decline an offer; the citizen can still apply in the usual way."""
    citizen = citizen_of(request, WRITE)
    offer = decline_offer(
        offer=offer_of(citizen, offer_id), citizen=citizen, channel=channel_of(request)
    )
    return offer_out(offer)
