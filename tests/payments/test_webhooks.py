"""The provider's webhook: signed, verified, taken once; with the citizen's return, told at the
same time or twice, it records one payment and lets each case proceed once."""

from __future__ import annotations

import json
import time

import pytest

from qyzmet.applications.models import CaseStatus, StatusChange
from qyzmet.payments.models import Payment, PaymentStatus
from qyzmet.payments.services import handle_return, receive_webhook, start_payment
from qyzmet.paysandbox import ledger
from qyzmet.paysandbox.cards import read_card
from qyzmet.paysandbox.delivery import signed_request
from qyzmet.paysandbox.models import Webhook
from qyzmet.paysandbox.signing import signed_headers
from qyzmet.registries.selectors import find_demo_people
from tests.concurrency import errors_of, together
from tests.factories import CitizenFactory
from tests.payments.conftest import SUCCEEDS, apply_for_licence

URL = "/payments/webhooks/sandbox/"


def _started(application, citizen):
    return start_payment(application=application, citizen=citizen, channel="portal",
                         return_url="http://testserver/return/",
                         webhook_url="http://testserver" + URL)  # fmt: skip


def _pay(payment, number=SUCCEEDS):
    import datetime

    card = read_card(number=number, expiry="12/39", cvc="123", today=datetime.date(2026, 1, 1))
    ledger.pay_with_card(reference=payment.reference, card=card)
    return Webhook.objects.filter(charge__reference=payment.reference).latest("created_at")


def _post(client, body, headers):
    sent = {k: v for k, v in headers.items() if k != "content-type"}
    return client.post(URL, body, content_type="application/json", headers=sent)


@pytest.mark.django_db
def test_a_signed_webhook_pays_before_the_citizen_is_back(client, citizen, awaiting):
    payment = _started(awaiting, citizen)
    response = _post(client, *signed_request(_pay(payment)))
    assert response.status_code == 204
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert awaiting.cases.get().status == CaseStatus.SUBMITTED
    assert handle_return(application=awaiting, citizen=citizen,
                         reference=payment.reference).status == PaymentStatus.SUCCEEDED  # fmt: skip


@pytest.mark.django_db
def test_a_replayed_webhook_changes_nothing(client, citizen, awaiting):
    payment = _started(awaiting, citizen)
    body, headers = signed_request(_pay(payment))
    assert _post(client, body, headers).status_code == 204
    assert _post(client, body, headers).status_code == 204
    case = awaiting.cases.get()
    assert [c.note for c in StatusChange.objects.filter(case=case)].count("paid") == 1


@pytest.mark.django_db
def test_a_forged_stale_or_unsigned_webhook_is_refused_with_a_reason(client, citizen, awaiting):
    payment = _started(awaiting, citizen)
    body, headers = signed_request(_pay(payment))
    tampered = body.replace(b'"succeeded"', b'"succeeded" ')
    refused = _post(client, tampered, headers)
    assert refused.status_code == 403
    assert refused.json()["message"] == "The webhook's signature is wrong."
    old = int(time.time()) - 3600
    stale = signed_headers(event_id=headers["webhook-id"], timestamp=old, body=body)
    assert _post(client, body, stale).json()["code"] == "payment.webhook_too_old"
    assert _post(client, body, {}).json()["code"] == "payment.webhook_unsigned"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.STARTED
    assert client.get(URL).status_code == 405
    assert _post(client, body, headers).status_code == 204  # the real one still counts


@pytest.mark.django_db
def test_unknown_providers_and_payments_are_not_found(client, citizen, awaiting):
    assert client.post("/payments/webhooks/nobody/", b"{}",
                       content_type="application/json").status_code == 404  # fmt: skip
    body = json.dumps({"id": "evt_x", "data": {"reference": "ch_none", "merchant_reference": "x",
                       "amount_tiyn": 1, "status": "succeeded"}}).encode()  # fmt: skip
    headers = signed_headers(event_id="evt_x", timestamp=int(time.time()), body=body)
    answer = _post(client, body, headers)
    assert answer.status_code == 404 and answer.json()["message"] == "Payment not found."
    garbage = signed_headers(event_id="evt_y", timestamp=int(time.time()), body=b"not json")
    assert _post(client, b"not json", garbage).status_code == 400


def test_return_and_webhook_at_the_same_time_twice_record_one_payment(committed_platform):
    citizen = CitizenFactory(iin=find_demo_people()["young_adult"])
    application = apply_for_licence(citizen)
    payment = _started(application, citizen)
    body, headers = signed_request(_pay(payment))
    again = ledger.event_body(ledger.charge(payment.reference), "charge.succeeded", "evt_again")
    other = signed_headers(event_id="evt_again", timestamp=int(time.time()), body=again)

    def back() -> None:
        handle_return(application=application, citizen=citizen, reference=payment.reference)

    def webhook(b, h):
        return lambda: receive_webhook(provider_name="sandbox", body=b, headers=h)

    errors = errors_of(
        together(back, back, webhook(body, headers), webhook(body, headers), webhook(again, other))
    )
    assert errors == []
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    case = application.cases.get()
    assert case.status == CaseStatus.SUBMITTED
    assert [c.note for c in StatusChange.objects.filter(case=case)].count("paid") == 1
    assert payment.history.filter(status=PaymentStatus.SUCCEEDED).count() == 1


@pytest.mark.django_db
def test_outside_a_demo_the_sandbox_cannot_mark_a_fee_paid(client, citizen, awaiting, settings):
    payment = _started(awaiting, citizen)
    webhook = _pay(payment)
    settings.DEMO = False
    response = _post(client, *signed_request(webhook))
    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.STARTED
