"""Notifications are delivered by background workers, never in the request that wrote them: the
delivery job is written in the same transaction as the notification, a failed delivery is
tried again later, and a job run twice delivers once. An inbox message is its row: it is
written delivered, with no job."""

from __future__ import annotations

import datetime
import itertools
import logging

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.notifications.channels import NotificationChannel
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.services import MAX_ATTEMPTS, notify, retry_delay
from tests.factories import ApplicationFactory, CitizenFactory
from tests.jobs.helpers import jobs_come_due, run_jobs, waiting_jobs

pytestmark = pytest.mark.django_db
CODE = {"code": "123456", "minutes": 5}


class Gateway(NotificationChannel):
    """An SMS gateway that is down for the first ``failures`` messages."""

    name = "flaky"

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.sent: list[int] = []

    def deliver(self, notification):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("gateway down")
        self.sent.append(notification.pk)
        return NotificationStatus.SENT


def text_message(**extra):
    [message] = notify(
        recipient=CitizenFactory(), kind="signin.code", context=CODE, channels=["flaky"], **extra
    )
    return message


def test_an_inbox_message_is_delivered_when_written_with_no_job_to_deliver_it():
    citizen = CitizenFactory()
    ApplicationFactory(citizen=citizen, submitted=True)
    message = Notification.objects.get(recipient=citizen)
    assert message.channel == "inbox" and message.status == NotificationStatus.DELIVERED
    assert message.created_at == message.sent_at == message.delivered_at  # its row is the message
    assert message.read_at is None
    assert not waiting_jobs().exists()


def test_a_message_on_another_channel_waits_for_a_worker_and_the_worker_delivers_it(channels):
    gateway = channels.register(Gateway())
    message = text_message()
    assert message.status == NotificationStatus.QUEUED and waiting_jobs().count() == 1

    assert run_jobs() == 1

    message.refresh_from_db()
    assert message.status == NotificationStatus.SENT and message.attempts == 1
    assert gateway.sent == [message.pk] and message.sent_at is not None
    assert not waiting_jobs().exists()


def test_the_delivery_job_commits_with_the_notification_or_not_at_all():
    citizen = CitizenFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient=citizen, kind="signin.code", context=CODE, channels=["console"])
        assert waiting_jobs().count() == 1  # written in the same transaction
        raise RuntimeError("the change failed after the notification was written")
    assert not Notification.objects.filter(recipient=citizen).exists()
    assert not waiting_jobs().exists()


def test_the_console_channel_writes_the_message_but_not_the_address_nor_the_code_to_the_log(
    caplog,
):
    [message] = notify(
        kind="signin.code", context=CODE, address="850101300124", channels=["console"],
        language="en",
    )  # fmt: skip
    with caplog.at_level(logging.INFO, logger="qyzmet"):
        run_jobs()
    assert "Your qyzmet sign-in code: ••••••." in caplog.text and "••••0124" in caplog.text
    assert "850101300124" not in caplog.text  # logs keep no IIN in clear
    assert "123456" not in caplog.text  # nor a code anyone could use
    message.refresh_from_db()
    assert message.status == NotificationStatus.DELIVERED


def test_a_failed_delivery_is_tried_again_later_and_then_succeeds(channels):
    gateway = channels.register(Gateway(failures=1))
    message = text_message()

    before = timezone.now()
    run_jobs()
    after = timezone.now()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.QUEUED, 1)
    assert "gateway down" in message.error
    [retry] = waiting_jobs()
    assert before + retry_delay(1) <= retry.run_after <= after + retry_delay(1)
    assert run_jobs() == 0  # not yet

    jobs_come_due()
    run_jobs()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.SENT, 2)
    assert gateway.sent == [message.pk] and message.sent_at is not None


def test_deliveries_are_tried_a_few_times_waiting_longer_each_time_then_failed(channels):
    channels.register(Gateway(failures=MAX_ATTEMPTS))
    message = text_message()
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        run_jobs()
        [retry] = waiting_jobs()
        waits.append(retry.run_after - retry.enqueued_at)
        jobs_come_due()
    run_jobs()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.FAILED, MAX_ATTEMPTS)
    assert message.failed_at is not None and "gateway down" in message.error
    assert not waiting_jobs().exists()
    assert all(longer > shorter * 1.9 for shorter, longer in itertools.pairwise(waits))
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        datetime.timedelta(seconds=seconds) for seconds in (30, 60, 120, 240)
    ]


def test_a_delivery_job_run_twice_delivers_once(channels):
    gateway = channels.register(Gateway())
    message = text_message()
    run_jobs()
    # As if the worker had died after delivering, before recording the job done.
    DBTaskResult.objects.update(status=TaskResultStatus.READY)

    assert run_jobs() == 1
    assert gateway.sent == [message.pk]


def test_a_sign_in_code_is_delivered_before_other_waiting_messages(channels):
    gateway = channels.register(Gateway())
    citizen = CitizenFactory()
    [news] = notify(
        recipient=citizen, kind="application.submitted", context={"title": "X", "number": "1"},
        channels=["flaky"],
    )  # fmt: skip
    [code] = notify(recipient=citizen, kind="signin.code", context=CODE, channels=["flaky"])
    run_jobs()
    assert gateway.sent == [code.pk, news.pk]


class Phone(Gateway):
    """A channel that reaches the citizens it knows a verified phone of."""

    def __init__(self, *known) -> None:
        super().__init__()
        self.known = set(known)

    def reaches(self, recipient):
        return recipient in self.known


def test_news_of_an_application_goes_to_every_channel_that_reaches_the_citizen(
    channels, demo_people
):
    reached = CitizenFactory(iin=demo_people["parent"])
    other = CitizenFactory(iin=demo_people["young_adult"])
    channels.register(Phone(reached))
    ApplicationFactory(citizen=reached, submitted=True)
    sent = Notification.objects.filter(recipient=reached, kind="application.submitted")
    assert sorted(sent.values_list("channel", flat=True)) == ["flaky", "inbox"]
    assert channels.reaching(other) == ["inbox"]
    assert channels.reaching(None) == []  # and signing in uses its own channel (console)
