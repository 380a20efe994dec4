"""Refunds: a rejected case's fee goes back when its service says so; a payment nothing waits
for (the application was withdrawn meanwhile) goes back whole."""

from __future__ import annotations

import httpx
import pytest

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.services import withdraw_application
from qyzmet.notifications.models import Notification
from qyzmet.payments.models import Payment, PaymentStatus, Refund, RefundStatus
from qyzmet.payments.refunds import make_refund
from qyzmet.payments.services import handle_return
from qyzmet.paysandbox import ledger
from tests.factories import officer_of
from tests.jobs.helpers import run_jobs
from tests.payments.test_webhooks import _pay, _started

pytestmark = pytest.mark.django_db


def _paid(application, citizen) -> Payment:
    payment = _started(application, citizen)
    _pay(payment)
    return handle_return(application=application, citizen=citizen, reference=payment.reference)


def test_a_rejected_case_gets_its_fee_back_once(citizen, awaiting, monkeypatch):
    # The sandbox's webhooks (run with the refund's job) reach a merchant that answers 204.
    monkeypatch.setattr(httpx, "post", lambda *a, **k: httpx.Response(204))
    payment = _paid(awaiting, citizen)
    case = awaiting.cases.get()
    decide_case(case=case, officer=officer_of(case.agency), approve=False,
                reason="The photo is not clear.", channel="backoffice")  # fmt: skip
    refund = Refund.objects.get(case=case)
    assert (refund.status, refund.amount_tiyn) == (RefundStatus.REQUESTED, case.fee_tiyn)
    run_jobs()
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED and refund.provider_reference
    assert payment.refunded_tiyn == case.fee_tiyn
    assert ledger.charge(payment.reference).refunded_tiyn == case.fee_tiyn
    assert make_refund(refund_id=str(refund.pk)) is None  # a job run twice refunds once
    told = Notification.objects.filter(recipient=citizen, kind="payment.refunded").first()
    assert told is not None and "возвращено 5 406,25 ₸" in told.body.replace("\xa0", " ")
    assert ledger.charge(payment.reference).refunds.count() == 1


def test_an_approved_case_keeps_its_fee(citizen, awaiting):
    _paid(awaiting, citizen)
    case = awaiting.cases.get()
    decide_case(case=case, officer=officer_of(case.agency), approve=True, channel="backoffice")
    assert not Refund.objects.exists()


def test_a_payment_for_a_withdrawn_application_is_refunded_whole(citizen, awaiting):
    payment = _started(awaiting, citizen)
    withdraw_application(application=awaiting, citizen=citizen, channel="portal")
    _pay(payment)
    payment = handle_return(application=awaiting, citizen=citizen, reference=payment.reference)
    assert payment.status == PaymentStatus.SUCCEEDED
    refund = Refund.objects.get(payment=payment)
    assert (refund.reason, refund.amount_tiyn) == ("nothing_to_pay", payment.amount_tiyn)


def test_more_paid_than_the_waiting_cases_cost_is_refunded(citizen, awaiting):
    from qyzmet.applications.models import Case
    from tests.payments.test_webhooks import _pay, _started

    payment = _started(awaiting, citizen)
    case = awaiting.cases.get()
    Case.objects.filter(pk=case.pk).update(fee_tiyn=case.fee_tiyn - 10_000)  # as if one left
    _pay(payment)
    handle_return(application=awaiting, citizen=citizen, reference=payment.reference)
    refund = Refund.objects.get(payment=payment)
    assert (refund.reason, refund.amount_tiyn) == ("overpaid", 10_000)
