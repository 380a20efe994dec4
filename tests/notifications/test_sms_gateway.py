"""Text messages go through the SMS gateway, a plugin chosen by name, over its HTTP API: qyzmet's
id goes with each message so a retry never sends it twice, a message the gateway refuses fails
at once, and one carrying a code is kept only masked. Against the gateway's own process."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from qyzmet.notifications.models import Notification, NotificationStatus, SmsMessage, SmsStatus
from qyzmet.notifications.services import deliver_notification, notify
from qyzmet.notifications.sms import (
    Accepted,
    GatewayRegistry,
    HttpGateway,
    SmsGateway,
    default_gateways,
)
from qyzmet.notifications.sms import sms_gateway as configured_gateway
from tests.jobs.helpers import jobs_come_due, run_jobs, waiting_jobs

pytestmark = pytest.mark.django_db
PHONE = "+77011234567"


def text(kind: str = "signin.code", to: str = PHONE) -> Notification:
    context = {"code": "481516", "minutes": 5} if kind == "signin.code" else {
        "title": "Residence registration", "number": "Q-1"}  # fmt: skip
    (message,) = notify(kind=kind, context=context, address=to, channels=["sms"], language="en")
    return message


class Pigeon(SmsGateway):
    name = "pigeon"

    def __init__(self) -> None:
        self.carried: list[str] = []

    def send(self, *, to, text, reference, callback_url):
        self.carried.append(to)
        return Accepted(message_id=f"pigeon-{len(self.carried)}")


def test_gateways_are_plugins_chosen_by_name_in_a_registry_a_test_can_build_afresh(settings):
    registry = default_gateways()
    assert list(registry) == ["console", "file", "http"]
    pigeon = registry.register(Pigeon())
    settings.SMS_BACKEND = "pigeon"

    assert configured_gateway(registry) is pigeon
    with pytest.raises(ValueError):
        registry.register(Pigeon())
    assert "pigeon" not in GatewayRegistry()


def test_a_text_reaches_the_phone_with_qyzmets_id_and_the_gateways_id_is_recorded(sms_gateway):
    message = text()

    assert run_jobs() == 1

    assert sms_gateway.messages_to(PHONE) == [
        "Your qyzmet sign-in code: 481516. It is valid for 5 minutes. "
        "Never tell it to anyone, not even to staff."
    ]
    (sent,) = sms_gateway.messages()
    record = SmsMessage.objects.get(notification=message)
    assert sent["client_message_id"] == str(record.reference)
    assert record.gateway_message_id == sent["message_id"] == "gw-1"
    assert record.status == SmsStatus.ACCEPTED and record.gateway == "http"
    assert record.phone_masked == "••••4567" and record.accepted_at is not None
    message.refresh_from_db()
    assert message.status == NotificationStatus.SENT


def test_the_code_is_kept_only_masked_once_the_gateway_has_it(sms_gateway):
    message = text()
    run_jobs()

    message.refresh_from_db()
    assert "481516" not in message.body and "••••••" in message.body
    assert not any("481516" in str(value) for value in SmsMessage.objects.values().get().values())


def test_news_keeps_its_text(sms_gateway):
    message = text(kind="application.submitted")
    run_jobs()

    message.refresh_from_db()
    assert "Q-1" in message.body and message.status == NotificationStatus.SENT


def test_the_same_id_sent_again_is_the_same_message_never_a_second_text(sms_gateway):
    gateway = HttpGateway()
    first = gateway.send(to=PHONE, text="Hello", reference="5f0c7c7e-0000-4000-8000-000000000001",
                         callback_url="")  # fmt: skip
    again = gateway.send(to=PHONE, text="Hello", reference="5f0c7c7e-0000-4000-8000-000000000001",
                         callback_url="")  # fmt: skip

    assert first.message_id == again.message_id
    assert sms_gateway.messages_to(PHONE) == ["Hello"]


def test_a_gateway_that_is_down_gets_the_message_again_later_under_the_same_id(sms_gateway):
    message = text(kind="application.submitted")
    sms_gateway.outage(1)

    run_jobs()
    message.refresh_from_db()
    assert message.status == NotificationStatus.QUEUED and "503" in message.error
    reference = SmsMessage.objects.get(notification=message).reference
    assert sms_gateway.messages_to(PHONE) == [] and waiting_jobs().count() == 1

    jobs_come_due()
    run_jobs()

    message.refresh_from_db()
    assert message.status == NotificationStatus.SENT and message.attempts == 2
    (sent,) = sms_gateway.messages()
    assert sent["client_message_id"] == str(reference)
    assert len(sms_gateway.messages_to(PHONE)) == 1


def test_a_number_the_gateway_refuses_fails_at_once_without_retries(sms_gateway):
    message = text(to="+7701")

    run_jobs()

    message.refresh_from_db()
    assert message.status == NotificationStatus.FAILED and message.attempts == 1
    assert waiting_jobs().count() == 0
    record = SmsMessage.objects.get(notification=message)
    assert record.status == SmsStatus.FAILED and "400" in record.reason


def test_a_code_is_not_tried_again_once_it_would_have_expired(sms_gateway):
    message = text()
    Notification.objects.filter(pk=message.pk).update(
        created_at=message.created_at - datetime.timedelta(minutes=4, seconds=45)
    )
    sms_gateway.outage(1)

    run_jobs()

    message.refresh_from_db()
    assert message.status == NotificationStatus.FAILED and waiting_jobs().count() == 0
    assert "481516" not in message.body  # nor kept, unsent


def test_a_wrong_token_is_tried_again_while_it_is_fixed(sms_gateway, settings):
    message = text(kind="application.submitted")
    settings.SMS_TOKEN = "wrong"

    deliver_notification(notification_id=message.pk)

    message.refresh_from_db()
    assert message.status == NotificationStatus.QUEUED and "401" in message.error
    settings.SMS_TOKEN = sms_gateway.token
    jobs_come_due()
    run_jobs()
    message.refresh_from_db()
    assert message.status == NotificationStatus.SENT


@override_settings(SMS_BACKEND="console")
def test_the_console_gateway_records_the_message_too(caplog):
    message = text()
    run_jobs()

    record = SmsMessage.objects.get(notification=message)
    assert record.gateway == "console" and record.gateway_message_id.startswith("console-")
    assert "481516" not in caplog.text
