"""Running background jobs in tests as a worker does, in the test's own transaction."""

from __future__ import annotations

from unittest import mock

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, get_date_max

from qyzmet.jobs.schedule import DailyJobs, Schedule
from qyzmet.jobs.worker import Worker, run_due_jobs, run_worker


def run_jobs() -> int:
    """Run every job that is due through the worker, one after another; how many ran.

    The worker's check of old database connections is left out, as Django's test client leaves
    it out of requests: in a test, the connection holds the test's transaction."""
    with mock.patch.object(db_worker, "close_old_connections"):
        return run_due_jobs(worker_id="test")


def worker_round() -> int:
    """One round of a worker started now, as ``qyzmet worker`` runs it (no daily jobs): it runs
    the frequent jobs, then every job that is due; how many queued jobs ran. Its signal
    handlers are left out (they are the test process's)."""
    no_daily_jobs = DailyJobs(hour=0, schedule=Schedule())
    with (
        mock.patch.object(db_worker, "close_old_connections"),
        mock.patch.object(Worker, "configure_signals"),
    ):
        return run_worker(interval=0, batch=True, daily_jobs=no_daily_jobs)


def waiting_jobs() -> QuerySet[DBTaskResult]:
    """Jobs enqueued and not run yet, due or waiting for their time."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY)


def jobs_come_due() -> int:
    """As if the time every waiting job waits for had come; how many were waiting for one."""
    later = waiting_jobs().exclude(run_after=get_date_max())
    return later.update(run_after=timezone.now())
