"""Citizens who chose text messages or e-mail get their messages there too, besides the
inbox; a message that cannot be delivered on one falls back to the other, once."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.services import citizen_channels
from tests.factories import ApplicationFactory, CitizenFactory
from tests.jobs.helpers import jobs_come_due, run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return CitizenFactory(
        language="en",
        phone="+77011234567",
        email="aigerim@example.kz",
        notification_channels=["sms", "email"],
    )


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    return tmp_path / "outbox" / "sms.log"


def test_a_decision_reaches_the_inbox_the_phone_and_the_mailbox(citizen, sms_file):
    ApplicationFactory(citizen=citizen, approved=True)
    run_jobs()

    decided = Notification.objects.filter(kind="case.decided", recipient=citizen)
    assert {n.channel: n.status for n in decided} == {
        "inbox": NotificationStatus.DELIVERED,
        "sms": NotificationStatus.SENT,
        "email": NotificationStatus.SENT,
    }
    texts = [json.loads(line) for line in sms_file.read_text().splitlines()]
    assert any(t["to"] == "+77011234567" and "approved" in t["text"] for t in texts)
    assert any(
        m.to == ["aigerim@example.kz"] and m.subject.startswith("Approved") for m in mail.outbox
    )


def test_a_channel_without_an_address_is_left_out():
    nobody_to_text = CitizenFactory(notification_channels=["sms", "email"], email="a@example.kz")
    assert citizen_channels(nobody_to_text) == ["inbox", "email"]


def fail_for_good() -> None:
    for _ in range(6):  # every attempt, each after its delay
        run_jobs()
        jobs_come_due()
    run_jobs()


def test_an_undeliverable_text_message_falls_back_to_e_mail_once(settings):
    settings.SMS_BACKEND, settings.SMS_URL = "http", "http://127.0.0.1:9/send"  # refused
    citizen = CitizenFactory(
        phone="+77011234567", email="a@example.kz", notification_channels=["sms"]
    )
    ApplicationFactory(citizen=citizen, submitted=True)
    fail_for_good()

    sms = Notification.objects.get(kind="application.submitted", channel="sms")
    stand_in = Notification.objects.get(kind="application.submitted", channel="email")
    assert sms.status == NotificationStatus.FAILED
    assert stand_in.fallback_of == sms and stand_in.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_when_every_channel_fails_the_message_does_not_go_round_in_circles(settings):
    settings.SMS_BACKEND, settings.SMS_URL = "http", "http://127.0.0.1:9/send"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    citizen = CitizenFactory(
        phone="+77011234567", email="a@example.kz", notification_channels=["sms"]
    )
    ApplicationFactory(citizen=citizen, submitted=True)
    fail_for_good()
    fail_for_good()

    external = Notification.objects.filter(kind="application.submitted").exclude(channel="inbox")
    assert sorted(external.values_list("channel", "status")) == [
        ("email", NotificationStatus.FAILED),
        ("sms", NotificationStatus.FAILED),
    ]
