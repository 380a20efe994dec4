"""The SMS gateway's delivery reports: posted by the gateway's own process to qyzmet served by a
test server, signed; each makes its message delivered or failed, once. A forged, replayed,
unreadable or unknown report is refused with the right status, never a 500."""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest

from qyzmet.accounts.models import User
from qyzmet.notifications.models import Notification, NotificationStatus, SmsMessage, SmsStatus
from qyzmet.notifications.services import notify
from qyzmet.notifications.sms import report_signature
from tests.jobs.helpers import run_jobs

PHONE = "+77011234567"
UNREACHABLE = "+77019999999"
NEWS = {"title": "Residence registration", "number": "Q-1"}


def sent_text(to: str = PHONE, **extra) -> Notification:
    (message,) = notify(
        kind="application.submitted", context=NEWS, address=to, channels=["sms"],
        language="en", **extra,
    )  # fmt: skip
    run_jobs()
    return message


def signed(secret: str, report: dict, *, at: float | None = None) -> tuple[bytes, dict]:
    body = json.dumps(report).encode()
    timestamp = str(int(time.time() if at is None else at))
    return body, {
        "Content-Type": "application/json",
        "X-Sms-Timestamp": timestamp,
        "X-Sms-Signature": report_signature(secret=secret, timestamp=timestamp, body=body),
    }


def post(url: str, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(f"{url}/sms/delivery-reports/http/", content=body, headers=headers)


@pytest.mark.django_db(transaction=True)
def test_a_delivered_report_makes_the_message_and_its_notification_delivered(sms_reports_to):
    message = sent_text()

    (report,) = sms_reports_to.reports(at_least=1)

    assert report["answer"] == 200
    record = SmsMessage.objects.get(notification=message)
    assert record.status == SmsStatus.DELIVERED and record.delivered_at is not None
    assert record.reports == 1
    message.refresh_from_db()
    assert message.status == NotificationStatus.DELIVERED and message.delivered_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_failed_report_fails_the_message_with_the_reason_and_news_falls_back(sms_reports_to):
    sms_reports_to.fail(UNREACHABLE)
    citizen = User.objects.create(
        username="citizen-report", iin="850101300124", phone=UNREACHABLE,
        email="aigerim@example.kz", notification_channels=["sms", "email"],
    )  # fmt: skip
    (message,) = notify(kind="application.submitted", context=NEWS, recipient=citizen,
                        channels=["sms"], language="en")  # fmt: skip
    run_jobs()

    (report,) = sms_reports_to.reports(at_least=1)

    assert report["answer"] == 200 and sms_reports_to.messages_to(UNREACHABLE) == []
    record = SmsMessage.objects.get(notification=message)
    assert record.status == SmsStatus.FAILED and record.reason == "unreachable"
    message.refresh_from_db()
    assert message.status == NotificationStatus.FAILED and "unreachable" in message.error
    (stand_in,) = Notification.objects.filter(fallback_of=message)
    assert stand_in.channel == "email" and stand_in.address == "aigerim@example.kz"


@pytest.mark.django_db(transaction=True)
def test_a_repeated_report_changes_nothing_and_one_replayed_too_late_is_refused(
    sms_reports_to, settings
):
    message = sent_text()
    (report,) = sms_reports_to.reports(at_least=1)
    record = SmsMessage.objects.get(notification=message)
    delivered_at = record.delivered_at
    body, headers = report["body"].encode(), report["headers"]

    again = post(settings.SMS_CALLBACK_BASE_URL, body, headers)

    assert again.status_code == 200 and again.json() == {"status": "delivered"}
    record.refresh_from_db()
    assert record.delivered_at == delivered_at and record.reports == 2

    settings.SMS_REPORT_TOLERANCE_SECONDS = 1
    time.sleep(2.1)
    replayed = post(settings.SMS_CALLBACK_BASE_URL, body, headers)

    assert replayed.status_code == 403 and replayed.json()["code"] == "sms.report_stale"
    record.refresh_from_db()
    assert record.reports == 2


@pytest.mark.django_db(transaction=True)
def test_a_forged_report_is_refused_and_changes_nothing(sms_reports_to, settings):
    sms_reports_to.fail(UNREACHABLE)
    message = sent_text(to=UNREACHABLE)
    sms_reports_to.reports(at_least=1)
    record = SmsMessage.objects.get(notification=message)
    forged = {"message_id": record.gateway_message_id, "client_message_id": str(record.reference),
              "status": "delivered"}  # fmt: skip

    body, headers = signed("not the gateway's secret", forged)
    answer = post(settings.SMS_CALLBACK_BASE_URL, body, headers)

    assert answer.status_code == 403 and answer.json()["code"] == "sms.report_signature"
    unsigned = post(settings.SMS_CALLBACK_BASE_URL, body, {"Content-Type": "application/json"})
    assert unsigned.status_code == 403
    record.refresh_from_db()
    assert record.status == SmsStatus.FAILED


@pytest.mark.django_db
def test_reports_of_unknown_messages_unreadable_ones_and_wrong_methods_are_refused_not_500(
    client, settings
):
    settings.SMS_REPORT_SECRET = secret = "a-secret-of-the-gateway-that-is-long-enough"
    url = "/sms/delivery-reports/http/"
    unknown = {"message_id": "gw-7", "client_message_id": str(uuid.uuid4()), "status": "failed"}

    def send(body: bytes, headers: dict, path: str = url):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()
                 if k != "Content-Type"}  # fmt: skip
        return client.post(path, body, content_type="application/json", **extra)

    assert send(*signed(secret, unknown)).status_code == 404
    assert (
        send(*signed(secret, unknown), path="/sms/delivery-reports/carrier-pigeon/").status_code
        == 404
    )
    assert send(*signed(secret, unknown), path="/sms/delivery-reports/console/").status_code == 403
    assert send(*signed(secret, {"status": "delivered"})).status_code == 400
    assert send(*signed(secret, unknown | {"status": "lost"})).status_code == 400
    body, headers = signed(secret, unknown)
    assert (
        send(
            b"{not json",
            {
                **headers,
                "X-Sms-Signature": report_signature(
                    secret=secret, timestamp=headers["X-Sms-Timestamp"], body=b"{not json"
                ),
            },
        ).status_code
        == 400
    )
    assert send(*signed(secret, unknown, at=time.time() - 3600)).status_code == 403
    assert send(*signed(secret, unknown, at=time.time() + 3600)).status_code == 403
    assert send(body, {**headers, "X-Sms-Signature": "v1=é"}).status_code == 403
    assert client.get(url).status_code == 405
    answer = send(*signed(secret, unknown))
    assert answer.json()["message"] == "There is no such text message."


@pytest.mark.django_db
def test_without_a_report_secret_every_report_is_refused(client, settings):
    settings.SMS_REPORT_SECRET = ""
    report = {"message_id": "gw-1", "client_message_id": str(uuid.uuid4()), "status": "delivered"}
    body, headers = signed("", report)
    answer = client.post(
        "/sms/delivery-reports/http/", body, content_type="application/json",
        HTTP_X_SMS_TIMESTAMP=headers["X-Sms-Timestamp"],
        HTTP_X_SMS_SIGNATURE=headers["X-Sms-Signature"],
    )  # fmt: skip
    assert answer.status_code == 403
