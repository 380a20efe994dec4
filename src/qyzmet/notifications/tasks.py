"""Background jobs of notifications, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.notifications.services import deliver_notification


@task()
def deliver(notification_id: int) -> str:
    """Deliver one notification; ``notify`` enqueues this in the transaction that wrote it."""
    notification = deliver_notification(notification_id=notification_id)
    return notification.status if notification is not None else "not queued"
