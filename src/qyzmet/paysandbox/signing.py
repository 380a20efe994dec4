"""Signatures of the sandbox's webhooks, in the Standard Webhooks form: ``webhook-id``,
``webhook-timestamp`` (seconds) and ``webhook-signature`` (``v1,`` and the base64 HMAC-SHA256 of
``id.timestamp.body``) under the secret the sandbox shares with its merchant."""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac


def shared_secret() -> str:
    """``QYZMET_PAYMENT_WEBHOOK_SECRET``, or one derived from the secret key (sandbox only)."""
    return (
        settings.PAYMENT_WEBHOOK_SECRET
        or salted_hmac("qyzmet.paysandbox.webhook", "secret", algorithm="sha256").hexdigest()
    )


def signature(*, event_id: str, timestamp: int, body: bytes, secret: str | None = None) -> str:
    key = (secret or shared_secret()).encode()
    signed = f"{event_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(*, event_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(event_id=event_id, timestamp=timestamp, body=body),
        "content-type": "application/json",
    }
