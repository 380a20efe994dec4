"""Background jobs of partners, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.jobs.schedule import schedule
from qyzmet.partners.delivery import deliver_webhook
from qyzmet.partners.retention import prune_webhook_deliveries


@task(priority=10)  # before notifications and documents: a partner's system waits on it
def deliver(delivery_id: str, attempt: int) -> str:
    """Make one attempt to post a webhook; enqueued in the transaction that wrote the event
    (or scheduled a retry)."""
    delivery = deliver_webhook(delivery_id=delivery_id, attempt=attempt)
    return delivery.status if delivery is not None else "not due"


@schedule.daily("partners.prune_webhooks")
@task(priority=-20)
def prune_webhooks() -> int:
    """Delete the delivery log's entries older than its retention."""
    return prune_webhook_deliveries()
