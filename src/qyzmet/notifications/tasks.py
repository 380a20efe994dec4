"""Background jobs of notifications, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.jobs.schedule import schedule
from qyzmet.notifications.overdue import notify_overdue_cases
from qyzmet.notifications.services import deliver_notification


@task()
def deliver(notification_id: int) -> str:
    """Deliver one notification; ``notify`` enqueues this in the transaction that wrote it."""
    notification = deliver_notification(notification_id=notification_id)
    return notification.status if notification is not None else "not queued"


@schedule.daily("notifications.overdue")
@task(priority=-10)
def notify_overdue() -> int:
    """Tell citizens about cases that missed their deadline (once per case)."""
    return notify_overdue_cases()
