"""What qyzmet told the citizen about an application, and whether it arrived."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router

from qyzmet.api.callers import citizen_of, made_through_caller
from qyzmet.applications.selectors import application_of
from qyzmet.callers.shapes import Shape
from qyzmet.notifications.selectors import notifications_about

router = Router(tags=["notifications"])


class NotificationOut(Shape):
    id: int
    kind: str
    channel: str
    status: str
    language: str
    subject: str
    case_id: str | None
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    fallback_of: int | None


@router.get("/applications/{application_id}/notifications", response=list[NotificationOut])
def list_notifications(request: HttpRequest, application_id: str) -> list[dict[str, Any]]:
    """The messages about an application on every channel (inbox, SMS, e-mail, messenger),
    oldest first, each with its status: queued, sending, sent, delivered or failed."""
    application = made_through_caller(
        request, application_of(citizen_of(request, "applications:read"), application_id)
    )
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "channel": n.channel,
            "status": n.status,
            "language": n.language,
            "subject": n.subject,
            "case_id": str(n.case_id) if n.case_id else None,
            "created_at": n.created_at,
            "sent_at": n.sent_at,
            "delivered_at": n.delivered_at,
            "failed_at": n.failed_at,
            "fallback_of": n.fallback_of_id,
        }
        for n in notifications_about(application)
    ]
