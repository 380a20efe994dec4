"""A citizen pays an application's fee on the sandbox's hosted page: the case waits in
'awaiting payment', out of officers' queues, and proceeds by itself when the fee is paid; a
declined card keeps the application and lets the citizen pay again."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import ApplicationStatus, CaseStatus, StatusChange
from qyzmet.applications.selectors import agency_queue
from qyzmet.notifications.models import Notification
from qyzmet.payments.models import Payment, PaymentStatus
from qyzmet.paysandbox.models import Charge
from tests.factories import officer_of
from tests.payments.conftest import (
    CHALLENGES,
    DECLINES,
    SUCCEEDS,
    apply_for_licence,
    go_to_sandbox,
    path_of,
    pay_with,
)

pytestmark = pytest.mark.django_db


def test_a_fee_case_waits_for_payment_out_of_the_officers_queue(awaiting):
    case = awaiting.cases.get()
    assert awaiting.status == ApplicationStatus.AWAITING_PAYMENT
    assert case.status == CaseStatus.AWAITING_PAYMENT and case.fee_tiyn > 0
    assert case not in agency_queue(officer_of(case.agency))


def test_paying_on_the_sandbox_page_lets_the_case_proceed(client, citizen, awaiting):
    client.force_login(citizen)
    detail = client.get(f"/applications/{awaiting.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Awaiting payment" in detail.content.decode()
    page = go_to_sandbox(client, awaiting)
    hosted = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pay by card" in hosted and "4242424242424242" in hosted
    back = pay_with(client, page, SUCCEEDS)
    assert (
        back.status_code == 302
        and f"/applications/{awaiting.pk}/payment/return/" in back["Location"]
    )
    landed = client.get(path_of(back["Location"]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "the fee is paid and your application proceeds" in landed.content.decode()
    awaiting.refresh_from_db()
    case = awaiting.cases.get()
    assert awaiting.status == ApplicationStatus.SUBMITTED
    assert case.status == CaseStatus.SUBMITTED
    assert case in agency_queue(officer_of(case.agency))
    payment = Payment.objects.get(application=awaiting)
    assert (payment.status, payment.amount_tiyn) == (PaymentStatus.SUCCEEDED, case.fee_tiyn)
    assert Notification.objects.filter(recipient=citizen, kind="payment.received").exists()


def test_pressing_pay_twice_opens_one_payment(client, citizen, awaiting):
    client.force_login(citizen)
    assert go_to_sandbox(client, awaiting) == go_to_sandbox(client, awaiting)
    assert Payment.objects.filter(application=awaiting).count() == 1


def test_a_declined_card_keeps_the_application_and_the_citizen_pays_again(
    client, citizen, awaiting
):
    client.force_login(citizen)
    back = pay_with(client, go_to_sandbox(client, awaiting), DECLINES)
    landed = client.get(path_of(back["Location"]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The payment was declined" in landed.content.decode()
    assert "Pay again" in landed.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == ApplicationStatus.AWAITING_PAYMENT
    retry = go_to_sandbox(client, awaiting)
    client.get(path_of(pay_with(client, retry, SUCCEEDS)["Location"]))
    awaiting.refresh_from_db()
    assert awaiting.status == ApplicationStatus.SUBMITTED
    statuses = sorted(Payment.objects.filter(application=awaiting).values_list("status", flat=True))
    assert statuses == [PaymentStatus.DECLINED, PaymentStatus.SUCCEEDED]


def test_a_card_that_asks_for_a_code_pays_with_the_right_one_only(client, citizen, demo_people):
    client.force_login(citizen)
    first, second = apply_for_licence(citizen), apply_for_licence(citizen)
    page = go_to_sandbox(client, first)
    challenge = pay_with(client, page, CHALLENGES)
    assert challenge.status_code == 200 and "confirmation code" in challenge.content.decode()
    wrong = client.post(page, {"code": "000000"})
    client.get(path_of(wrong["Location"]))
    assert Payment.objects.get(application=first).status == PaymentStatus.DECLINED
    page = go_to_sandbox(client, second)
    pay_with(client, page, CHALLENGES)
    right = client.post(page, {"code": "123456"})
    client.get(path_of(right["Location"]))
    assert Payment.objects.get(application=second).status == PaymentStatus.SUCCEEDED


@pytest.mark.parametrize(
    ("number", "expiry", "cvc", "message"),
    [
        ("4242 4242 4242 4241", "12/39", "123", "Check the card number"),
        ("abcd", "12/39", "123", "Check the card number"),
        (SUCCEEDS, "13/39", "123", "MM/YY"),
        (SUCCEEDS, "01/20", "123", "This card has expired"),
        (SUCCEEDS, "12/39", "12", "3 digits on the back"),
    ],
)
def test_card_details_in_a_wrong_form_are_named_and_nothing_is_paid(
    client, citizen, awaiting, number, expiry, cvc, message
):
    client.force_login(citizen)
    page = go_to_sandbox(client, awaiting)
    response = client.post(page, {"number": number, "expiry": expiry, "cvc": cvc},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Charge.objects.get().status == "open"


def test_card_errors_speak_the_citizens_language(client, citizen, awaiting):
    client.force_login(citizen)
    page = go_to_sandbox(client, awaiting)
    response = client.post(page, {"number": "1", "expiry": "12/39", "cvc": "123"},
                           HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert "номер карты" in response.content.decode(), response.content.decode()[-3000:]


def test_an_unknown_sandbox_page_or_return_is_not_found(client, citizen, awaiting):
    client.force_login(citizen)
    assert client.get("/sandbox-pay/ch_nothing/").status_code == 404
    url = f"/applications/{awaiting.pk}/payment/return/?reference=ch_nothing"
    assert client.get(url).status_code == 404


def test_each_case_proceeds_once_with_one_history_line(client, citizen, awaiting):
    client.force_login(citizen)
    back = pay_with(client, go_to_sandbox(client, awaiting), SUCCEEDS)
    for _ in range(3):  # the citizen reloads the return page
        client.get(path_of(back["Location"]))
    case = awaiting.cases.get()
    assert StatusChange.objects.filter(case=case, status=CaseStatus.SUBMITTED).count() == 2


def test_the_receipt_is_a_pdf_for_the_payer_only(client, citizen, awaiting, demo_people):
    from tests.factories import CitizenFactory

    client.force_login(citizen)
    client.get(path_of(pay_with(client, go_to_sandbox(client, awaiting), SUCCEEDS)["Location"]))
    payment = Payment.objects.get(application=awaiting)
    url = f"/applications/{awaiting.pk}/payments/{payment.pk}/receipt.pdf"
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(CitizenFactory(iin=demo_people["parent"]))
    assert client.get(url).status_code == 404


def test_the_messenger_says_where_to_pay_after_submission(awaiting, settings):
    from qyzmet.messenger.applying import submitted_reply
    from qyzmet.messenger.models import Chat

    settings.PUBLIC_URL = "https://qyzmet.example"
    chat = Chat.objects.create(chat_id=424242, language="en")
    text = submitted_reply(chat, awaiting).text
    assert "is paid online; the cases wait until it is paid" in text
    assert f"https://qyzmet.example/applications/{awaiting.pk}/" in text


@pytest.mark.django_db
def test_without_a_payment_provider_the_citizen_is_told_and_the_application_kept(
    client, citizen, awaiting, settings
):
    settings.PAYMENT_PROVIDER = ""
    client.force_login(citizen)
    response = client.post(f"/applications/{awaiting.pk}/pay/", follow=True)
    assert "Fees cannot be paid online on this server yet" in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == "awaiting_payment"
