"""Partners' endpoints for their webhooks: the delivery log, and asking for a failed delivery
again. Only the partner's own token (client credentials) may use them, never a citizen's
grant."""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Status

from qyzmet.api.callers import partner_of, require
from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Forbidden
from qyzmet.partners.selectors import webhook_deliveries_of
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookDelivery
from qyzmet.partners.webhooks import EVENT_TYPES, retry_delivery

router = Router(tags=["webhooks"])
READ, WRITE = "webhooks:read", "webhooks:write"


class AttemptOut(Shape):
    number: int
    at: datetime.datetime
    url: str
    status_code: int | None = Field(description="The endpoint's answer; none on a network error.")
    error: str
    duration_ms: int


class DeliveryOut(Shape):
    id: uuid.UUID = Field(description="The webhook-id header of every attempt.")
    type: str = Field(description=" or ".join(EVENT_TYPES))
    status: DeliveryStatus
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    error: str = Field(description="Why the last attempt failed.")
    event: dict[str, Any] = Field(description="The payload posted (type, timestamp, data).")
    attempts: list[AttemptOut]


class DeliveryPageOut(Shape):
    deliveries: list[DeliveryOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class DeliveryFilters(Shape):
    cursor: str | None = Field(None, max_length=200, description="From the previous page.")
    limit: int = Field(50, ge=1, le=200)
    status: DeliveryStatus | None = None
    application: uuid.UUID | None = Field(None, description="Only about this application.")


def _partner(request: HttpRequest, scope: str) -> Any:
    require(request, scope)
    partner = partner_of(request)
    if partner is None or request.auth is not partner:  # type: ignore[attr-defined]
        raise Forbidden("auth.partner_only")
    return partner


def _out(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "type": delivery.event_type,
        "status": delivery.status,
        "created_at": delivery.created_at,
        "next_attempt_at": delivery.next_attempt_at,
        "delivered_at": delivery.delivered_at,
        "failed_at": delivery.failed_at,
        "error": delivery.error,
        "event": json.loads(delivery.body),
        "attempts": [
            {
                "number": a.number,
                "at": a.at,
                "url": a.url,
                "status_code": a.status_code,
                "error": a.error,
                "duration_ms": a.duration_ms,
            }
            for a in delivery.attempt_log.all()
        ],
    }


@router.get("/webhooks/deliveries", response=DeliveryPageOut)
def list_deliveries(request: HttpRequest, filters: Query[DeliveryFilters]) -> dict[str, Any]:
    """Your webhook deliveries, newest first, each with its payload and attempts; page with
    `cursor` and `limit`."""
    page = webhook_deliveries_of(partner=_partner(request, READ), **filters.model_dump())
    return {
        "deliveries": [_out(d) for d in page.deliveries],
        "next_cursor": page.next_cursor,
    }


@router.post("/webhooks/deliveries/{delivery_id}/retry", response={202: DeliveryOut})
def retry(request: HttpRequest, delivery_id: str) -> Status:
    """Send a failed delivery once more, with the same webhook-id, as soon as a worker is
    free; or one stuck in `sending` because the worker posting it stopped (not heard from for
    `QYZMET_JOB_LEASE_SECONDS`). Any other delivery: 409 `webhook.not_failed`."""
    delivery = retry_delivery(partner=_partner(request, WRITE), delivery_id=delivery_id)
    return Status(202, _out(delivery))
