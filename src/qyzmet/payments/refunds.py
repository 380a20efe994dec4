"""Refunds: a rejected case's fee when its service says so (``refund_on_rejection``), the
difference when a correction lowered a fee paid (``refund_lowered_fee``), and a whole payment
nothing waited for (paid twice, or after the application was withdrawn).

A refund is written in the transaction that calls for it and made at the provider by a job
(``payments.tasks.refund``) after the commit; the refund's id is the provider's idempotency
key, so a job run twice refunds once. A failed attempt is tried again later."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qyzmet.applications.models import Case, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.payments.models import Payment, PaymentChange, PaymentStatus, Refund, RefundStatus
from qyzmet.payments.notices import notify_refunded
from qyzmet.payments.providers import RefundFailed, providers

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def _enqueue(refund: Refund, *, delay: datetime.timedelta | None = None) -> None:
    from qyzmet.payments.tasks import refund as refund_job

    job = refund_job.using(run_after=timezone.now() + delay) if delay else refund_job
    job.enqueue(str(refund.pk))


def refund_duplicate(*, payment: Payment, reason: str, amount_tiyn: int | None = None) -> Refund:
    """Give back a payment (or ``amount_tiyn`` of it) that nothing waited for."""
    amount = payment.amount_tiyn if amount_tiyn is None else amount_tiyn
    refund = Refund.objects.create(payment=payment, amount_tiyn=amount,
                                   status=RefundStatus.REQUESTED, reason=reason)  # fmt: skip
    record_audit(actor=None, action="refund.requested", obj=refund, channel="system",
                 details={"payment": str(payment.pk), "reason": reason})  # fmt: skip
    _enqueue(refund)
    return refund


def refund_lowered_fee(case: Case, tiyn: int) -> Refund | None:
    """The difference back when a correction lowered the fee of ``case`` paid online (called
    in the correction's transaction); a later rejection refunds the lower fee, so the two give
    back what was paid."""
    paid = Payment.objects.filter(
        application_id=case.application_id, status=PaymentStatus.SUCCEEDED
    ).first()
    if paid is None or tiyn <= 0:
        return None
    return refund_duplicate(payment=paid, reason="fee_reassessed", amount_tiyn=tiyn)


def refund_rejected_case(case: Case) -> Refund | None:
    """A rejected case's fee back, when its service refunds on rejection and it was paid
    online; once per case. Called in the transaction of the rejection."""
    if case.status != CaseStatus.REJECTED or not case.fee_tiyn:
        return None
    if not case.service.refund_on_rejection or not case.service.fee_paid_online:
        return None
    paid = Payment.objects.filter(
        application_id=case.application_id, status=PaymentStatus.SUCCEEDED
    ).first()
    if paid is None or Refund.objects.filter(case=case).exists():
        return None
    refund = Refund.objects.create(payment=paid, case=case, amount_tiyn=case.fee_tiyn,
                                   status=RefundStatus.REQUESTED, reason="rejected")  # fmt: skip
    record_audit(actor=None, action="refund.requested", obj=refund, channel="system",
                 details={"payment": str(paid.pk), "case": str(case.pk)})  # fmt: skip
    _enqueue(refund)
    return refund


def make_refund(*, refund_id: str) -> Refund | None:
    """Ask the provider for a requested refund (one attempt); ``None`` when done already."""
    refund = (
        Refund.objects.select_related("payment")
        .filter(pk=refund_id, status=RefundStatus.REQUESTED)
        .first()
    )
    if refund is None:
        return None
    payment = refund.payment
    if payment.provider not in providers:  # a partner's payment: the partner refunds it
        refund.attempts = MAX_ATTEMPTS - 1
        return _failed(refund, f"{payment.provider} refunds it outside qyzmet")
    try:
        reference = providers[payment.provider].refund(
            reference=payment.reference, amount_tiyn=refund.amount_tiyn, key=str(refund.pk)
        )
    except RefundFailed as failed:
        return _failed(refund, str(failed))
    with transaction.atomic():
        done = Refund.objects.filter(pk=refund.pk, status=RefundStatus.REQUESTED).update(
            status=RefundStatus.SUCCEEDED, provider_reference=reference,
            refunded_at=timezone.now(), attempts=F("attempts") + 1,
        )  # fmt: skip
        if done:
            Payment.objects.filter(pk=payment.pk).update(
                refunded_tiyn=F("refunded_tiyn") + refund.amount_tiyn
            )
            PaymentChange.objects.create(payment=payment, status=payment.status, source="refund",
                                         note=f"refunded {refund.amount_tiyn} tiyn")  # fmt: skip
            record_audit(actor=None, action="refund.succeeded", obj=refund, channel="system",
                         details={"reference": reference})  # fmt: skip
            notify_refunded(refund=refund)  # delivered after commit
    refund.refresh_from_db()
    return refund


def _failed(refund: Refund, error: str) -> Refund:
    refund.attempts += 1
    refund.last_error = error[:200]
    final = refund.attempts >= MAX_ATTEMPTS
    refund.status = RefundStatus.FAILED if final else RefundStatus.REQUESTED
    refund.save(update_fields=["attempts", "last_error", "status"])
    logger.warning("refund %s failed (attempt %s): %s", refund.pk, refund.attempts, error)
    if final:
        record_audit(actor=None, action="refund.failed", obj=refund, channel="system",
                     details={"error": refund.last_error})  # fmt: skip
    else:
        _enqueue(refund, delay=datetime.timedelta(seconds=60 * 2**refund.attempts))
    return refund
