"""Payments a partner (a bank) takes in its own app and reports to qyzmet: signed with the
secret qyzmet shares with the partner (its webhook secret), bound to the report's
``Idempotency-Key`` and a timestamp, and recorded once per key.

Signature: ``Payment-Signature: v1,BASE64`` of HMAC-SHA256 over ``KEY.TIMESTAMP.BODY`` under the
partner's secret, with ``Payment-Timestamp: SECONDS`` no further than the tolerance from now
(``QYZMET_PAYMENT_WEBHOOK_TOLERANCE_SECONDS``). During a secret rotation either secret signs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications.fees import proceed_after_payment
from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.payments.models import Payment, PaymentChange, PaymentStatus
from qyzmet.payments.notices import notify_payment_received
from qyzmet.payments.services import amount_due

SIGNATURE, TIMESTAMP = "Payment-Signature", "Payment-Timestamp"


def report_signature(*, secret: str, key: str, timestamp: int, body: bytes) -> str:
    signed = f"{key}.{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _secrets(partner: Any) -> list[str]:
    found = [partner.webhook_secret] if partner.webhook_secret else []
    until = partner.webhook_previous_secret_until
    if partner.webhook_previous_secret and until and until > timezone.now():
        found.append(partner.webhook_previous_secret)
    return found


def check_report_signature(
    *, partner: Any, key: str | None, timestamp: str | None, signature: str | None, body: bytes
) -> None:
    """Refuse a report that is not the partner's (``Forbidden``), or too old to be fresh."""
    if not key:
        raise Invalid("payment.report_needs_key")
    if not (timestamp and timestamp.isdigit() and signature):
        raise Forbidden("payment.report_unsigned")
    secrets = _secrets(partner)
    if not secrets:
        raise Forbidden("payment.partner_without_secret")
    expected = [report_signature(secret=s, key=key, timestamp=int(timestamp), body=body)
                for s in secrets]  # fmt: skip
    given = signature.split()
    if not any(hmac.compare_digest(e, g) for e in expected for g in given):
        raise Forbidden("payment.report_signature")
    if abs(time.time() - int(timestamp)) > settings.PAYMENT_WEBHOOK_TOLERANCE_SECONDS:
        raise Forbidden("payment.report_too_old")


def record_partner_payment(
    *,
    application: Application,
    citizen: Any,
    partner: Any,
    amount_tiyn: int,
    reference: str,
    idempotency_key: str,
) -> Payment:
    """Record a payment the partner took for the application's fees: the waiting cases
    proceed. The same key again returns the first payment (a retry); another amount than is
    due, or nothing due, is refused."""
    provider = partner.channel
    reported = Payment.objects.filter(provider=provider, idempotency_key=idempotency_key)
    report = (application.pk, amount_tiyn, reference)

    def first_answer() -> Payment | None:
        """The payment reported with this key before, if the same report; else a conflict."""
        earlier = reported.first()
        if earlier and (earlier.application_id, earlier.amount_tiyn, earlier.reference) != report:
            raise Conflict("idempotency.conflict")
        return earlier

    if (earlier := first_answer()) is not None:
        return earlier
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update(of=("self",)).get(
                pk=application.pk, citizen=citizen
            )
            if (earlier := first_answer()) is not None:  # reported meanwhile, with this key
                return earlier
            if locked.status != ApplicationStatus.AWAITING_PAYMENT:
                raise Conflict("payment.nothing_to_pay")
            due = amount_due(locked)
            if amount_tiyn != due:
                raise Invalid("payment.amount_mismatch", [])
            for started in Payment.objects.filter(application=locked, status=PaymentStatus.STARTED):
                started.status = PaymentStatus.CANCELLED
                started.save(update_fields=["status", "updated_at"])
                note = "paid through a partner"
                PaymentChange.objects.create(
                    payment=started, status=started.status, source=provider, note=note
                )
            payment = Payment.objects.create(
                application=locked, provider=provider, reference=reference, amount_tiyn=due,
                status=PaymentStatus.SUCCEEDED, channel=provider, paid_at=timezone.now(),
                idempotency_key=idempotency_key,
            )  # fmt: skip
            PaymentChange.objects.create(payment=payment, status=payment.status, source=provider)
            record_audit(actor=citizen, action="payment.reported", obj=payment, channel=provider,
                         details={"amount_tiyn": due, "reference": reference})  # fmt: skip
            proceed_after_payment(application=locked, channel=provider)
            notify_payment_received(payment=payment)  # delivered after commit
            return payment
    except IntegrityError:  # the same key, or the same reference, recorded meanwhile
        if (earlier := first_answer()) is not None:
            return earlier
        raise Conflict("payment.already_reported") from None
