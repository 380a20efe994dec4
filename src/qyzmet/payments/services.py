"""The write paths of payments: start paying an application's fees, record what the provider
says (on the citizen's return, in a webhook; each outcome once, however often and however
concurrently it is told), and take a payment a partner reports.

A payment that succeeds lets the application's cases that waited for it proceed, in the same
transaction (``applications.fees.proceed_after_payment``). A declined one changes nothing else:
the application keeps waiting and the citizen may pay again."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications.fees import proceed_after_payment
from qyzmet.applications.models import Application, ApplicationStatus, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.texts import pick
from qyzmet.payments.models import (
    Payment,
    PaymentChange,
    PaymentStatus,
    ProviderEvent,
)
from qyzmet.payments.notices import notify_payment_received
from qyzmet.payments.providers import (
    PaymentProvider,
    ProviderPayment,
    ProviderStatus,
    WebhookRefused,
    current_provider,
    providers,
)
from qyzmet.payments.refunds import refund_duplicate

logger = logging.getLogger(__name__)
OUTCOMES = {
    ProviderStatus.SUCCEEDED: PaymentStatus.SUCCEEDED,
    ProviderStatus.DECLINED: PaymentStatus.DECLINED,
}


def amount_due(application: Application) -> int:
    """What is left to pay online: the fees of the cases waiting for payment, in tiyn."""
    cases = application.cases.filter(status=CaseStatus.AWAITING_PAYMENT)
    return sum(cases.values_list("fee_tiyn", flat=True))


def _history(payment: Payment, *, source: str, note: str = "") -> None:
    PaymentChange.objects.create(payment=payment, status=payment.status, source=source,
                                 note=note[:200])  # fmt: skip


def _locked_application(application_id: Any, citizen: Any) -> Application:
    found = (
        Application.objects.select_for_update(of=("self",))
        .select_related("life_situation", "service")
        .filter(pk=application_id, citizen=citizen)
        .first()
    )
    if found is None:
        raise NotFound("not_found.application")
    return found


def start_payment(
    *,
    application: Application,
    citizen: Any,
    channel: str,
    return_url: str,
    webhook_url: str,
    provider: PaymentProvider | None = None,
) -> Payment:
    """Open a payment of what the application owes and the provider's page to pay it on.
    While one is open (the citizen went to the page and came back), that one is returned."""
    provider = provider or current_provider()
    with transaction.atomic():
        application = _locked_application(application.pk, citizen)
        if application.status != ApplicationStatus.AWAITING_PAYMENT:
            raise Conflict("payment.nothing_to_pay")
        amount = amount_due(application)
        started = Payment.objects.filter(application=application, status=PaymentStatus.STARTED)
        open_one = started.first()
        if open_one is not None and open_one.amount_tiyn == amount:
            return open_one
        if open_one is not None:  # the amount changed (a case withdrawn): start afresh
            open_one.status = PaymentStatus.CANCELLED
            open_one.save(update_fields=["status", "updated_at"])
            _history(open_one, source=channel, note="amount changed")
        payment = Payment.objects.create(
            application=application, provider=provider.name, amount_tiyn=amount,
            status=PaymentStatus.STARTED, channel=channel,
        )  # fmt: skip
        title = application.life_situation or application.service
        checkout = provider.start(
            merchant_reference=str(payment.pk), amount_tiyn=amount,
            description=f"qyzmet {application.reference}: {pick(title.title) if title else ''}",
            return_url=return_url, webhook_url=webhook_url,
        )  # fmt: skip
        payment.reference = checkout.reference
        payment.checkout_url = checkout.url
        payment.save(update_fields=["reference", "checkout_url", "updated_at"])
        _history(payment, source=channel)
        record_audit(actor=citizen, action="payment.started", obj=payment, channel=channel,
                     details={"application": str(application.pk), "amount_tiyn": amount,
                              "provider": provider.name})  # fmt: skip
    return payment


def record_outcome(*, payment: Payment, status: str, source: str, note: str = "") -> Payment:
    """Settle a started payment as ``succeeded`` or ``declined``, once: a payment settled
    already is returned as it is, whoever tells it again (the return, a webhook, a retry)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PaymentStatus.CANCELLED and status == PaymentStatus.SUCCEEDED:
            # Paid at the provider after qyzmet gave it up (paid otherwise): give it back.
            payment.status = PaymentStatus.DUPLICATE
            payment.paid_at = timezone.now()
            payment.save(update_fields=["status", "paid_at", "updated_at"])
            _history(payment, source=source, note=note)
            refund_duplicate(payment=payment, reason="duplicate")
            return payment
        if payment.status != PaymentStatus.STARTED:
            return payment
        if status == PaymentStatus.DECLINED:
            payment.status = PaymentStatus.DECLINED
            payment.save(update_fields=["status", "updated_at"])
            _history(payment, source=source, note=note)
            record_audit(actor=None, action="payment.declined", obj=payment, channel=source)
            return payment
        payment.paid_at = timezone.now()
        try:
            with transaction.atomic():
                payment.status = PaymentStatus.SUCCEEDED
                payment.save(update_fields=["status", "paid_at", "updated_at"])
        except IntegrityError:  # another payment of this application succeeded first
            payment.status = PaymentStatus.DUPLICATE
            payment.save(update_fields=["status", "paid_at", "updated_at"])
        _history(payment, source=source, note=note)
        record_audit(actor=None, action=f"payment.{payment.status}", obj=payment, channel=source,
                     details={"amount_tiyn": payment.amount_tiyn})  # fmt: skip
        if payment.status == PaymentStatus.DUPLICATE:
            refund_duplicate(payment=payment, reason="duplicate")
            return payment
        released = proceed_after_payment(application=payment.application, channel=source)
        if not released:  # withdrawn while paying: nothing waits for the money
            refund_duplicate(payment=payment, reason="nothing_to_pay")
            return payment
        notify_payment_received(payment=payment)  # delivered after commit
        left_over = payment.amount_tiyn - sum(case.fee_tiyn for case in released)
        if left_over > 0:  # a case was withdrawn while paying: its fee goes back
            refund_duplicate(payment=payment, reason="overpaid", amount_tiyn=left_over)
    return payment


def _settle_from(payment: Payment, remote: ProviderPayment, *, source: str) -> Payment:
    if remote.merchant_reference != str(payment.pk) or remote.amount_tiyn != payment.amount_tiyn:
        logger.warning("payment %s: the provider's record differs (%s)", payment.pk, remote)
        raise Conflict("payment.provider_mismatch")
    outcome = OUTCOMES.get(remote.status)
    if outcome is None:
        return payment  # still open at the provider
    return record_outcome(payment=payment, status=outcome, source=source)


def handle_return(*, application: Application, citizen: Any, reference: str) -> Payment:
    """The citizen is back from the provider's page: ask the provider how it went (the
    address they came back with proves nothing) and record it."""
    payment = Payment.objects.filter(
        application=application, application__citizen=citizen, reference=reference
    ).first()
    if payment is None or payment.provider not in providers:
        raise NotFound("not_found.payment")
    remote = providers[payment.provider].status(reference=reference)
    return _settle_from(payment, remote, source="return")


def receive_webhook(
    *, provider_name: str, body: bytes, headers: Mapping[str, str]
) -> Payment | None:
    """A provider's webhook: verified, taken once per event id (``None`` for an event taken
    already), then recorded like the return."""
    if provider_name not in providers:
        raise NotFound("not_found.payment_provider")
    try:
        event = providers[provider_name].parse_webhook(body=body, headers=headers)
    except WebhookRefused as refused:
        if refused.code == "payment.webhook_malformed":
            raise Invalid(refused.code) from None
        raise Forbidden(refused.code) from None
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProviderEvent.objects.create(provider=provider_name, event_id=event.event_id)
        except IntegrityError:
            return None  # told already (the provider retried, or a replay)
        payment = Payment.objects.filter(
            provider=provider_name, reference=event.payment.reference
        ).first()
        if payment is None:
            raise NotFound("not_found.payment")
        return _settle_from(payment, event.payment, source="webhook")
