"""Posting webhooks to partners, signed per the Standard Webhooks specification, in background
jobs (``partners.tasks.deliver``).

Each attempt posts the event's JSON with ``webhook-id`` (the delivery's id, the same on every
attempt), ``webhook-timestamp`` (the attempt's time, in seconds) and ``webhook-signature``
(``v1,`` and the base64 HMAC-SHA256 of ``id.timestamp.body`` under the partner's secret; during
a secret rotation one signature per secret, space-separated). A 2xx answer delivers it;
anything else, a timeout or a network error is tried again later, waiting four times as long
each time (30 s, 2 min, 8 min, 32 min, 2 h, 8.5 h, 34 h), and the delivery is failed after
``MAX_ATTEMPTS``. Every attempt is written to the delivery log.

A job makes only the attempt it was enqueued for, and only one worker takes a delivery
(pending → sending, one conditional update), so a job run twice never posts twice while its
worker lives. A delivery left sending by a worker that died (``jobs.leases``) is taken by the
job's next run and posted again with the same ``webhook-id``: a partner may receive an event
twice, never under two ids.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import logging
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from qyzmet import __version__
from qyzmet.jobs.leases import abandoned, holder
from qyzmet.partners.models import Partner
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from qyzmet.partners.webhooks import enqueue_attempt

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = datetime.timedelta(seconds=30)
BACKOFF = 4  # each wait is four times the one before
JITTER = 0.1  # up to 10 % more, so that the retries after an outage do not come all at once
READ_AT_MOST = 64 * 1024  # bytes of the partner's answer read (then it is dropped)
SECRET_PREFIX = "whsec_"


def retry_delay(attempts: int, *, jitter: float = JITTER) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, then four times as
    long each time, plus up to ``jitter`` of it."""
    delay = FIRST_RETRY * BACKOFF ** (attempts - 1)
    return delay * (1 + random.uniform(0, jitter))  # spreading retries, not secrecy


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One Standard Webhooks signature: ``v1,`` + base64(HMAC-SHA256(key, id.timestamp.body)),
    the key being the base64 after ``whsec_``."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signing_secrets(partner: Partner, *, now: datetime.datetime) -> list[str]:
    """The partner's secret, and the one before it while the rotation's grace period lasts."""
    secrets = [partner.webhook_secret]
    until = partner.webhook_previous_secret_until
    if partner.webhook_previous_secret and until is not None and until > now:
        secrets.append(partner.webhook_previous_secret)
    return secrets


def signed_headers(
    *, partner: Partner, msg_id: str, body: bytes, now: datetime.datetime
) -> dict[str, str]:
    timestamp = int(now.timestamp())
    signatures = [
        sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body)
        for secret in signing_secrets(partner, now=now)
    ]
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
    }


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


_client: httpx.Client | None = None


def http_client() -> httpx.Client:
    """One client per process, keeping connections to partners open between jobs. Redirects
    are not followed: a partner's endpoint answers itself."""
    global _client
    if _client is None:
        _client = httpx.Client(
            follow_redirects=False, headers={"user-agent": f"qyzmet-webhooks/{__version__}"}
        )
    return _client


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body``; the answer's status or why there was none. The answer's body is read
    (so that the connection can serve the next webhook) for at most ``READ_AT_MOST`` bytes and
    the timeout, then dropped."""
    started = time.perf_counter()
    status_code, error = None, ""
    seconds = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        with http_client().stream(
            "POST", url, content=body, headers=headers, timeout=httpx.Timeout(seconds)
        ) as response:
            status_code = response.status_code
            read = 0
            for chunk in response.iter_bytes():
                read += len(chunk)
                if read >= READ_AT_MOST or time.perf_counter() - started > seconds:
                    break
    except Exception as failure:  # a timeout, a refused connection, a bad address...
        error = f"{type(failure).__name__}: {failure}"
    duration_ms = round((time.perf_counter() - started) * 1000)
    if status_code is not None and not 200 <= status_code < 300:
        error = f"HTTP {status_code}"
    return Outcome(status_code=status_code, error=error[:500], duration_ms=duration_ms)


def deliver_webhook(*, delivery_id: Any, attempt: int) -> WebhookDelivery | None:
    """Make attempt number ``attempt`` of a pending delivery and record it. A delivery that is
    not waiting for that attempt (delivered, being sent, failed, or a later attempt) is left
    alone and ``None`` returned, as is one withheld (the citizen revoked the consent)."""
    now = timezone.now()
    waiting = Q(status=DeliveryStatus.PENDING, attempts=attempt - 1)
    left = Q(status=DeliveryStatus.SENDING, attempts=attempt) & abandoned()
    taken = WebhookDelivery.objects.filter(waiting | left, pk=delivery_id, withheld_at=None).update(
        status=DeliveryStatus.SENDING, attempts=attempt, claimed_by=holder(), claimed_at=now
    )
    if not taken:
        return None
    delivery = WebhookDelivery.objects.select_related("partner").get(pk=delivery_id)
    partner = delivery.partner
    refused = _cannot_receive(partner)
    if refused:
        outcome = Outcome(status_code=None, error=refused, duration_ms=0)
    else:
        body = delivery.body.encode()
        headers = signed_headers(partner=partner, msg_id=str(delivery.pk), body=body, now=now)
        outcome = post(partner.webhook_url, body=body, headers=headers)
    WebhookAttempt.objects.update_or_create(  # a dead worker's attempt may be logged
        delivery=delivery,
        number=attempt,
        defaults={
            "at": now,
            "url": partner.webhook_url,
            "status_code": outcome.status_code,
            "error": outcome.error,
            "duration_ms": outcome.duration_ms,
        },
    )
    if outcome.delivered:
        return _record(delivery, status=DeliveryStatus.DELIVERED, error="")
    if refused:
        return _record(delivery, status=DeliveryStatus.FAILED, error=refused)
    return _attempt_failed(delivery, outcome.error)


def _cannot_receive(partner: Partner) -> str:
    """Why nothing is posted to ``partner`` any more (suspended since the event, or its
    endpoint removed); empty when it can receive."""
    if not partner.active:
        return "Not sent: the partner is suspended."
    if not partner.webhook_url or not partner.webhook_secret:
        return "Not sent: the partner has no webhook endpoint."
    return ""


def _attempt_failed(delivery: WebhookDelivery, error: str) -> WebhookDelivery:
    """Try again later, or fail the delivery after ``MAX_ATTEMPTS``."""
    if delivery.attempts >= MAX_ATTEMPTS:
        logger.warning("Webhook %s failed for good: %s", delivery.pk, error)
        return _record(delivery, status=DeliveryStatus.FAILED, error=error)
    logger.info("Webhook %s attempt %s failed: %s", delivery.pk, delivery.attempts, error)
    later = timezone.now() + retry_delay(delivery.attempts)
    with transaction.atomic():
        _record(delivery, status=DeliveryStatus.PENDING, error=error, next_attempt_at=later)
        enqueue_attempt(delivery, run_after=later)
    return delivery


def _record(
    delivery: WebhookDelivery,
    *,
    status: DeliveryStatus,
    error: str,
    next_attempt_at: datetime.datetime | None = None,
) -> WebhookDelivery:
    changes: dict[str, Any] = {"status": status, "error": error, "next_attempt_at": next_attempt_at}
    if status == DeliveryStatus.DELIVERED:
        changes["delivered_at"] = timezone.now()
    elif status == DeliveryStatus.FAILED:
        changes["failed_at"] = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**changes)
    for field, value in changes.items():
        setattr(delivery, field, value)
    return delivery
