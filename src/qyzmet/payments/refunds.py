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


def _paid_payment(case: Case) -> Payment | None:
    """The payment that covered ``case``: its application's paid one (one at most), locked
    while what is left of it is counted."""
    return (
        Payment.objects.select_for_update()
        .filter(application_id=case.application_id, status=PaymentStatus.SUCCEEDED)
        .order_by("paid_at", "created_at", "pk")
        .first()
    )


def _refundable(case: Case, payment: Payment, *, lowered_by: int = 0) -> int:
    """What is still held of what was paid for ``case``: its fee when paid (the fee now, the
    ``lowered_by`` a correction just took off it, and the differences given back before) less
    every refund made for it, and never more than is left of ``payment``. A refund counts
    whether requested, made or failed: a failed one is settled by people (the partner, the
    support desk), and asking again could give the money back twice."""
    of_case = Refund.objects.filter(case=case)
    given_back = sum(of_case.values_list("amount_tiyn", flat=True))
    lowered = of_case.filter(reason="fee_reassessed").values_list("amount_tiyn", flat=True)
    paid_for_case = case.fee_tiyn + lowered_by + sum(lowered)
    of_payment = sum(Refund.objects.filter(payment=payment).values_list("amount_tiyn", flat=True))
    return max(0, min(paid_for_case - given_back, payment.amount_tiyn - of_payment))


def _request(*, payment: Payment, case: Case, amount: int, reason: str) -> Refund:
    refund = Refund.objects.create(payment=payment, case=case, amount_tiyn=amount,
                                   status=RefundStatus.REQUESTED, reason=reason)  # fmt: skip
    record_audit(actor=None, action="refund.requested", obj=refund, channel="system",
                 details={"payment": str(payment.pk), "case": str(case.pk),
                          "reason": reason})  # fmt: skip
    _enqueue(refund)
    return refund


def refund_lowered_fee(case: Case, tiyn: int) -> Refund | None:
    """The difference ``tiyn`` back when a correction lowered the fee of ``case`` paid online
    (called in the correction's transaction, after the lower fee is kept), as far as it was
    paid and not given back yet: a case refunded on rejection, then reversed and corrected,
    gets nothing more. A later rejection refunds the rest, so together they give back what
    was paid, once."""
    if tiyn <= 0:
        return None
    with transaction.atomic():
        paid = _paid_payment(case)
        amount = min(tiyn, _refundable(case, paid, lowered_by=tiyn)) if paid else 0
        if paid is None or amount <= 0:
            return None
        return _request(payment=paid, case=case, amount=amount, reason="fee_reassessed")


def refund_rejected_case(case: Case) -> Refund | None:
    """A rejected case's fee back, when its service refunds on rejection and it was paid
    online: what is still held of it (less a difference given back after a correction);
    once per case. Called in the transaction of the rejection."""
    if case.status != CaseStatus.REJECTED or not case.fee_tiyn:
        return None
    if not case.service.refund_on_rejection or not case.service.fee_paid_online:
        return None
    with transaction.atomic():
        paid = _paid_payment(case)
        if paid is None or Refund.objects.filter(case=case, reason="rejected").exists():
            return None
        amount = min(case.fee_tiyn, _refundable(case, paid))
        if amount <= 0:
            return None
        return _request(payment=paid, case=case, amount=amount, reason="rejected")


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
