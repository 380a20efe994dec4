"""A job whose worker died is run again: its worker's heartbeat stops, and after a lease the
job is queued again and what it had begun (a notification being sent) is finished, once. A
worker still alive keeps its jobs however long they take. Sign-in codes and webhooks do not
wait behind result documents."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import schedule_result_document
from qyzmet.jobs.leases import beat, lease, take_back_abandoned_jobs
from qyzmet.jobs.models import WorkerHeartbeat
from qyzmet.notifications.channels import NotificationChannel, default_channels
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.services import notify
from tests.factories import ApplicationFactory, CitizenFactory
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db
CODE = {"code": "123456", "minutes": 5}


class Gateway(NotificationChannel):
    name = "gateway"

    def __init__(self) -> None:
        self.sent: list[int] = []

    def deliver(self, notification):
        self.sent.append(notification.pk)
        return NotificationStatus.SENT


@pytest.fixture
def gateway(monkeypatch) -> Gateway:
    channels = default_channels()
    monkeypatch.setattr("qyzmet.notifications.services.default_channels", channels)
    gateway = Gateway()
    channels.register(gateway)
    return gateway


def long_ago() -> datetime.datetime:
    return timezone.now() - 3 * lease()


def held_by(worker: str, *, alive: bool) -> DBTaskResult:
    """The one waiting job, taken by ``worker`` a while ago, as if it had been running since;
    the worker beat just now if ``alive``, else last a while ago."""
    job = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    job.claim(worker)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=long_ago())
    beat(worker, now=timezone.now() if alive else long_ago())
    return job


def sending_by(notification: Notification, worker: str) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING, attempts=1, claimed_by=worker, claimed_at=long_ago()
    )


def test_a_notification_whose_worker_died_mid_sending_is_sent_and_marked(gateway):
    [code] = notify(
        recipient=CitizenFactory(), kind="signin.code", context=CODE, channels=["gateway"]
    )
    job = held_by("dead-worker", alive=False)
    sending_by(code, "dead-worker")

    assert take_back_abandoned_jobs() == 1
    assert run_jobs() == 1

    code.refresh_from_db()
    assert code.status == NotificationStatus.SENT and gateway.sent == [code.pk]
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.worker_ids == ["dead-worker", "test"]


def test_a_live_worker_keeps_its_job_and_its_notification_however_long_they_take(gateway):
    [code] = notify(
        recipient=CitizenFactory(), kind="signin.code", context=CODE, channels=["gateway"]
    )
    job = held_by("slow-worker", alive=True)
    sending_by(code, "slow-worker")

    assert take_back_abandoned_jobs() == 0
    assert run_jobs() == 0
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING and gateway.sent == []


def test_a_job_run_again_after_its_notification_was_sent_sends_nothing_more(gateway):
    [code] = notify(
        recipient=CitizenFactory(), kind="signin.code", context=CODE, channels=["gateway"]
    )
    held_by("dead-worker", alive=False)
    Notification.objects.filter(pk=code.pk).update(
        status=NotificationStatus.SENT, claimed_by="dead-worker", claimed_at=long_ago()
    )

    take_back_abandoned_jobs()
    run_jobs()

    assert gateway.sent == []


def test_a_document_job_run_again_finds_the_document_issued_before_its_worker_died():
    application = ApplicationFactory(citizen=CitizenFactory(), service="passport", approved=True)
    case = application.cases.get()
    DBTaskResult.objects.all().delete()
    schedule_result_document(case=case)
    run_jobs()
    schedule_result_document(case=case)  # the same job, as if run again
    held_by("dead-worker", alive=False)

    take_back_abandoned_jobs()
    run_jobs()

    assert ResultDocument.objects.filter(case=case).count() == 1


def test_a_worker_that_stops_in_good_order_leaves_no_heartbeat(gateway):
    from tests.jobs.helpers import worker_round

    worker_round()
    assert not WorkerHeartbeat.objects.exists()


def test_a_sign_in_code_is_sent_before_the_result_documents_queued_ahead_of_it(gateway):
    citizen = CitizenFactory()
    for _ in range(3):
        ApplicationFactory(citizen=citizen, service="passport", approved=True)
    [code] = notify(recipient=citizen, kind="signin.code", context=CODE, channels=["gateway"])
    issued = DBTaskResult.objects.filter(task_path__endswith="documents.tasks.issue")
    assert issued.count() == 3

    run_jobs()

    deliveries = DBTaskResult.objects.filter(task_path__endswith="notifications.tasks.deliver")
    [sent] = [job for job in deliveries if job.args_kwargs["args"] == [code.pk]]
    assert all(sent.finished_at <= job.finished_at for job in issued.all())
    assert gateway.sent == [code.pk]
