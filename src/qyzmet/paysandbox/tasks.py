"""Background jobs of the sandbox provider."""

from __future__ import annotations

from django_tasks import task

from qyzmet.paysandbox.delivery import deliver_webhook


@task()
def deliver(webhook_id: int) -> str:
    """Post one webhook to the merchant (enqueued with the change it tells of)."""
    webhook = deliver_webhook(webhook_id=webhook_id)
    if webhook is None:
        return "delivered already"
    return "delivered" if webhook.delivered_at else f"failed: {webhook.last_error}"
