"""Reading notifications: a person's inbox, and the demo outbox of sign-in codes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qyzmet.notifications.models import Notification


def inbox(recipient: Any) -> QuerySet[Notification]:
    """The recipient's inbox, newest first."""
    return Notification.objects.filter(recipient=recipient, channel="inbox").order_by(
        "-created_at", "-id"
    )


def unread_count(recipient: Any) -> int:
    return inbox(recipient).filter(read_at__isnull=True).count()


def recent_console_messages(
    *,
    kinds: tuple[str, ...] = ("signin.code", "consent.code"),
    within: datetime.timedelta = datetime.timedelta(hours=1),
) -> QuerySet[Notification]:
    """The one-time codes the development ``console`` channel sent lately (the demo outbox
    page): sign-in codes, and codes confirming a partner's request for consent."""
    since = timezone.now() - within
    return Notification.objects.filter(
        channel="console", kind__in=kinds, created_at__gte=since
    ).order_by("-created_at", "-id")


def notifications_about(application: Any) -> QuerySet[Notification]:
    """Every message about ``application`` to its citizen, on every channel, oldest first."""
    return Notification.objects.filter(
        application=application, recipient_id=application.citizen_id
    ).order_by("created_at", "id")
