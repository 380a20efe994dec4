"""How long the webhook delivery log is kept."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qyzmet.partners.webhook_models import DeliveryStatus, WebhookDelivery

KEEP_DELIVERIES = datetime.timedelta(days=30)


def prune_webhook_deliveries(*, now: datetime.datetime | None = None) -> int:
    """Delete deliveries (and their attempts) delivered or failed more than
    ``KEEP_DELIVERIES`` ago; those still pending or being sent are kept. How many went."""
    before = (now or timezone.now()) - KEEP_DELIVERIES
    finished = WebhookDelivery.objects.filter(
        status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED), created_at__lt=before
    )
    return finished.delete()[1].get(WebhookDelivery._meta.label, 0)
