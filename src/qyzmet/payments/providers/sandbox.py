"""The built-in sandbox provider, as a merchant's client of it: it talks to the sandbox's ledger
(``qyzmet.paysandbox``) as it would to a bank's API, and checks the sandbox's webhooks like any
provider's: Standard Webhooks signature, a timestamp no older than the tolerance."""

from __future__ import annotations

import datetime
import hmac
import json
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from qyzmet.payments.providers import (
    Checkout,
    PaymentProvider,
    ProviderEvent,
    ProviderPayment,
    ProviderStatus,
    RefundFailed,
    WebhookRefused,
)
from qyzmet.paysandbox import ledger
from qyzmet.paysandbox.models import Charge, ChargeStatus
from qyzmet.paysandbox.signing import signature

STATUSES = {
    ChargeStatus.OPEN: ProviderStatus.OPEN,
    ChargeStatus.CHALLENGE: ProviderStatus.OPEN,
    ChargeStatus.SUCCEEDED: ProviderStatus.SUCCEEDED,
    ChargeStatus.DECLINED: ProviderStatus.DECLINED,
}


def _as_payment(charge: Charge) -> ProviderPayment:
    return ProviderPayment(
        reference=charge.reference,
        merchant_reference=charge.merchant_reference,
        amount_tiyn=charge.amount_tiyn,
        status=STATUSES[ChargeStatus(charge.status)],
        refunded_tiyn=charge.refunded_tiyn,
    )


class SandboxProvider(PaymentProvider):
    name = "sandbox"
    demo_only = True

    def start(
        self, *, merchant_reference: str, amount_tiyn: int, description: str, return_url: str,
        webhook_url: str,
    ) -> Checkout:  # fmt: skip
        charge = ledger.open_charge(
            merchant_reference=merchant_reference, amount_tiyn=amount_tiyn,
            description=description, return_url=return_url, webhook_url=webhook_url,
        )  # fmt: skip
        path = reverse("paysandbox:pay", args=[charge.reference])
        # The sandbox's page is served by qyzmet itself: at the host the citizen came from.
        origin = urlsplit(return_url)
        base = f"{origin.scheme}://{origin.netloc}" if origin.netloc else settings.PUBLIC_URL
        return Checkout(reference=charge.reference, url=f"{base}{path}")

    def status(self, *, reference: str) -> ProviderPayment:
        return _as_payment(ledger.charge(reference))

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        event_id = headers.get("webhook-id", "")
        raw_time = headers.get("webhook-timestamp", "")
        given = headers.get("webhook-signature", "")
        if not (event_id and raw_time.isdigit() and given):
            raise WebhookRefused("payment.webhook_unsigned")
        timestamp = int(raw_time)
        expected = signature(event_id=event_id, timestamp=timestamp, body=body)
        if not any(hmac.compare_digest(expected, part) for part in given.split()):
            raise WebhookRefused("payment.webhook_signature")
        if abs(time.time() - timestamp) > settings.PAYMENT_WEBHOOK_TOLERANCE_SECONDS:
            raise WebhookRefused("payment.webhook_too_old")
        try:
            data = json.loads(body)["data"]
            if json.loads(body)["id"] != event_id:
                raise WebhookRefused("payment.webhook_signature")
            payment = ProviderPayment(
                reference=str(data["reference"]),
                merchant_reference=str(data["merchant_reference"]),
                amount_tiyn=int(data["amount_tiyn"]),
                status=STATUSES[ChargeStatus(data["status"])],
                refunded_tiyn=int(data.get("refunded_tiyn", 0)),
            )
        except (ValueError, KeyError, TypeError):
            raise WebhookRefused("payment.webhook_malformed") from None
        return ProviderEvent(event_id=event_id, payment=payment)

    def refund(self, *, reference: str, amount_tiyn: int, key: str) -> str:
        try:
            return ledger.refund(reference=reference, amount_tiyn=amount_tiyn, key=key).reference
        except (ledger.ChargeNotFound, ledger.RefundRefused) as error:
            raise RefundFailed(str(error)) from error

    def records(self, *, day: datetime.date) -> list[ProviderPayment]:
        return [_as_payment(charge) for charge in ledger.charges_on(day)]
