"""The write paths of notifications: write them (``notify``), deliver them after commit
(``deliver_notification``), and mark inbox messages read (``mark_read``).

``notify`` is called inside the transaction of the change it tells about (a submission, a
decision): the rows commit with that change or not at all, and delivery starts only after
commit. Delivery runs in-process for now; background workers will take it over. Notifications
write no audit records of their own: the change they announce is audited, and the row with
its timestamps is the delivery record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.core.texts import FALLBACK, LANGUAGES
from qyzmet.notifications.channels import ChannelRegistry
from qyzmet.notifications.channels import channels as default_channels
from qyzmet.notifications.kinds import render_message
from qyzmet.notifications.models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

INBOX = ("inbox",)
TIMESTAMP_OF = {
    NotificationStatus.SENT: "sent_at",
    NotificationStatus.DELIVERED: "delivered_at",
    NotificationStatus.FAILED: "failed_at",
}


def _language(recipient: Any, language: str | None) -> str:
    chosen = language or getattr(recipient, "language", None) or FALLBACK
    return chosen if chosen in LANGUAGES else FALLBACK


def notify(
    *,
    kind: str,
    context: dict[str, Any],
    recipient: Any | None = None,
    address: str = "",
    channels: Sequence[str] = INBOX,
    language: str | None = None,
    application: Any | None = None,
    case: Any | None = None,
    registry: ChannelRegistry | None = None,
) -> list[Notification]:
    """Write one ``kind`` notification per channel for ``recipient`` (a user) or ``address``
    (someone without an account yet), rendered in the recipient's language, and deliver them
    once the current transaction commits."""
    registry = registry or default_channels
    unknown = [name for name in channels if name not in registry]
    if unknown or (recipient is None and not address):
        raise ValueError(f"notify: unknown channels {unknown} or no recipient")
    language = _language(recipient, language)
    subject, body = render_message(kind=kind, context=context, language=language)
    notifications = [
        Notification.objects.create(
            recipient=recipient,
            address=address,
            channel=name,
            kind=kind,
            language=language,
            subject=subject[:255],
            body=body,
            application=application,
            case=case,
        )
        for name in channels
    ]
    ids = [n.pk for n in notifications]
    transaction.on_commit(partial(deliver_notifications, ids=ids, registry=registry), robust=True)
    return notifications


def deliver_notifications(*, ids: Iterable[int], registry: ChannelRegistry | None = None) -> None:
    for notification_id in ids:
        deliver_notification(notification_id=notification_id, registry=registry)


def deliver_notification(
    *, notification_id: int, registry: ChannelRegistry | None = None
) -> Notification | None:
    """Hand a queued notification to its channel and record what happened; a notification
    that is no longer queued (delivered by someone else) is left alone."""
    registry = registry or default_channels
    notification = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.QUEUED
    ).first()
    if notification is None:
        return None
    now = timezone.now()
    changes: dict[str, Any]
    try:
        status = registry[notification.channel].deliver(notification)
    except Exception as error:
        logger.exception("Delivery of notification %s failed", notification_id)
        changes = {"status": NotificationStatus.FAILED, "failed_at": now, "error": repr(error)}
    else:
        changes = {"status": status, TIMESTAMP_OF[status]: now}
        if status == NotificationStatus.DELIVERED:
            changes.setdefault("sent_at", now)
    Notification.objects.filter(pk=notification_id, status=NotificationStatus.QUEUED).update(
        **changes
    )
    for field, value in changes.items():
        setattr(notification, field, value)
    return notification


def mark_read(*, recipient: Any, notifications: Iterable[Notification]) -> int:
    """Mark the recipient's own inbox notifications read; returns how many were unread."""
    ids = [n.pk for n in notifications]
    return Notification.objects.filter(
        pk__in=ids, recipient=recipient, read_at__isnull=True
    ).update(read_at=timezone.now())
