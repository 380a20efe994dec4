"""Posting the sandbox's webhooks to the merchant, signed, from a background job; a failed
attempt is tried again later (30 s, doubling), up to ``MAX_ATTEMPTS``."""

from __future__ import annotations

import datetime
import logging
import time

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qyzmet.paysandbox.models import Webhook
from qyzmet.paysandbox.signing import signed_headers

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def signed_request(webhook: Webhook) -> tuple[bytes, dict[str, str]]:
    """The body and headers of the webhook as posted now."""
    body = bytes(webhook.body)
    return body, signed_headers(event_id=webhook.event_id, timestamp=int(time.time()), body=body)


def deliver_webhook(*, webhook_id: int) -> Webhook | None:
    """One attempt to post the webhook; ``None`` when it is delivered already or unknown."""
    with transaction.atomic():
        webhook = (
            Webhook.objects.select_for_update()
            .select_related("charge")
            .filter(pk=webhook_id, delivered_at__isnull=True)
            .first()
        )
        if webhook is None:
            return None
        webhook.attempts += 1
        webhook.save(update_fields=["attempts"])
    body, headers = signed_request(webhook)
    try:
        answer = httpx.post(
            webhook.charge.webhook_url, content=body, headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        )  # fmt: skip
        error = "" if answer.is_success else f"HTTP {answer.status_code}"
    except httpx.HTTPError as failure:
        error = type(failure).__name__
    if not error:
        webhook.delivered_at = timezone.now()
        webhook.last_error = ""
        webhook.save(update_fields=["delivered_at", "last_error"])
        return webhook
    webhook.last_error = error[:200]
    webhook.save(update_fields=["last_error"])
    logger.warning("sandbox webhook %s: %s", webhook.event_id, error)
    if webhook.attempts < MAX_ATTEMPTS:
        from qyzmet.paysandbox.tasks import deliver

        delay = datetime.timedelta(seconds=30 * 2 ** (webhook.attempts - 1))
        deliver.using(run_after=timezone.now() + delay).enqueue(webhook.pk)
    return webhook
