"""Daily jobs run once a day however many workers there are, from the configured hour on; a
worker that starts after a missed run catches up at once. Frequent jobs run in every worker,
on its own clock; one that fails does not stop the others or the worker."""

from __future__ import annotations

import datetime
import threading
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection

from qyzmet.jobs.models import DailyRun
from qyzmet.jobs.schedule import DailyJobs, FrequentJobs, Schedule, due_day, schedule
from tests.jobs import tasks
from tests.jobs.helpers import waiting_jobs

ALMATY = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def daily():
    fresh = Schedule()
    fresh.daily("tests.tick")(tasks.tick)
    return fresh


def test_the_run_due_is_todays_from_the_hour_on_and_yesterdays_before():
    assert due_day(at(10, 2, 59), hour=3) == datetime.date(2026, 3, 9)
    assert due_day(at(10, 3, 0), hour=3) == datetime.date(2026, 3, 10)


def test_the_platforms_frequent_jobs():
    assert [name for name, _, _ in schedule.frequent()] == ["audit.seal"]


@pytest.mark.django_db
def test_a_frequent_job_that_fails_is_logged_and_the_others_still_run(caplog):
    tasks.RAN.clear()
    frequent = Schedule()
    frequent.every("tests.fail", seconds=10)(tasks.fail)
    frequent.every("tests.tick", seconds=10)(tasks.tick)
    worker = FrequentJobs(schedule=frequent)
    assert worker.run_due(now=0) == ["tests.tick"] and tasks.RAN == [0]
    assert "Frequent job tests.fail failed" in caplog.text
    assert worker.run_due(now=10) == ["tests.tick"] and tasks.RAN == [0, 0]  # tried again


def test_the_platforms_daily_jobs():
    assert [name for name, _ in schedule] == [
        "appeals.attachments_retention",
        "applications.uncorrected",
        "appointments.reminders",
        "assistant.purge",
        "attachments.retention",
        "casework.escalations",
        "casework.unanswered_consultations",
        "idempotency.purge",
        "jobs.prune",
        "messenger.purge",
        "notifications.overdue",
        "offers.expire",
        "partners.prune_webhooks",
        "registries.retirements",
        "signin.purge",
    ]


@pytest.mark.django_db
def test_workers_starting_the_same_day_enqueue_a_daily_job_once(daily):
    first, second = DailyJobs(hour=3, schedule=daily), DailyJobs(hour=3, schedule=daily)
    assert first.enqueue_due(now=at(10, 9)) == ["tests.tick"]
    assert second.enqueue_due(now=at(10, 9)) == []
    assert first.enqueue_due(now=at(10, 23)) == []
    run = DailyRun.objects.get()
    assert (run.job, run.day) == ("tests.tick", datetime.date(2026, 3, 10))
    assert str(waiting_jobs().get().id) == run.task_id


@pytest.mark.django_db
def test_the_next_run_is_enqueued_when_the_hour_comes(daily):
    worker = DailyJobs(hour=3, schedule=daily)
    worker.enqueue_due(now=at(10, 9))
    assert worker.enqueue_due(now=at(11, 2, 59)) == []
    assert worker.enqueue_due(now=at(11, 3)) == ["tests.tick"]
    assert DailyRun.objects.count() == 2


@pytest.mark.django_db
def test_a_worker_started_before_the_hour_catches_up_on_yesterdays_run(daily):
    worker = DailyJobs(hour=3, schedule=daily)
    assert worker.enqueue_due(now=at(11, 1)) == ["tests.tick"]
    assert DailyRun.objects.get().day == datetime.date(2026, 3, 10)
    assert worker.enqueue_due(now=at(11, 3)) == ["tests.tick"]  # and today's comes at 03:00


@pytest.mark.django_db(transaction=True)
def test_workers_starting_at_the_same_moment_enqueue_a_daily_job_once(daily):
    enqueued: list[object] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        try:
            barrier.wait(timeout=10)
            enqueued.append(DailyJobs(hour=3, schedule=daily).enqueue_due(now=at(10, 9)))
        except Exception as error:  # the test reports what went wrong
            enqueued.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(enqueued, key=len) == [[], [], ["tests.tick"]]  # type: ignore[arg-type]
    assert DailyRun.objects.count() == 1 and waiting_jobs().count() == 1
