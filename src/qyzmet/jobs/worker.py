"""The worker: django-tasks-db's worker, run in rounds. A round runs every job that is due,
one after another, and between rounds the worker enqueues the daily jobs that are due and runs
the frequent ones (the audit log's seal) itself.

Jobs are claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL (an exclusive
transaction on SQLite) and marked running in that transaction, so several workers on several
machines share the jobs; the most urgent first (``priority``, then when due). A worker beats
while it runs (``leases``): the jobs of a worker that died are taken again after a lease, so a
job runs at least once, and each job's effect is idempotent.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from django.conf import settings
from django.db import DatabaseError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.leases import Heartbeat, beat, holding, stopped
from qyzmet.jobs.schedule import DailyJobs, FrequentJobs

logger = logging.getLogger(__name__)


def default_worker_id() -> str:
    """Host name and process id, so that operators can tell who ran a job (64 characters)."""
    return f"{socket.gethostname()[:50]}-{os.getpid()}"


class Worker(db_worker.Worker):
    """django-tasks-db's worker on the default queue, one round at a time, counting jobs."""

    def __init__(self, *, interval: float = 1.0, worker_id: str | None = None) -> None:
        super().__init__(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,  # how long to wait while SQLite is locked
            batch=True,  # a round ends when no job is due
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or default_worker_id(),
            excluded_queue_names=[],
        )
        self.ran = 0

    def run_task(self, db_task_result: DBTaskResult) -> None:
        with holding(self.worker_id):
            super().run_task(db_task_result)
        self.ran += 1


def run_due_jobs(*, worker_id: str | None = None) -> int:
    """Run every job that is due, one after another, until none is; returns how many ran."""
    worker = Worker(worker_id=worker_id)
    beat(worker.worker_id)
    worker.run()
    stopped(worker.worker_id)
    return worker.ran


def run_worker(*, interval: float, batch: bool = False, daily_jobs: DailyJobs | None = None) -> int:
    """Run jobs until SIGINT or SIGTERM (the job in hand is finished first), or with ``batch``
    until none is due; returns how many ran. A failing database is logged and tried again."""
    worker = Worker(interval=interval)
    worker.configure_signals()
    daily_jobs = daily_jobs or DailyJobs(hour=settings.DAILY_JOBS_HOUR)
    heartbeat = Heartbeat(worker.worker_id)
    heartbeat.start(thread=not batch)  # a batch beats once: it is over before its lease
    logger.info(
        "Background worker %s started; daily jobs from %02d:00", worker.worker_id, daily_jobs.hour
    )
    try:
        _rounds(worker, interval=interval, batch=batch, daily_jobs=daily_jobs)
    finally:
        heartbeat.stop()
    try:
        stopped(worker.worker_id)
    except DatabaseError:  # its lease runs out
        logger.warning("Worker %s could not say it stopped", worker.worker_id)
    return worker.ran


def _rounds(worker: Worker, *, interval: float, batch: bool, daily_jobs: DailyJobs) -> None:
    frequent_jobs = FrequentJobs()
    while worker.running:
        try:
            for job in daily_jobs.enqueue_due():
                logger.info("Daily job %s enqueued", job)
            frequent_jobs.run_due()
            worker.run()
        except DatabaseError:
            logger.exception("The database failed; trying again in %s s", interval)
        if batch:
            break
        if worker.running:
            time.sleep(interval)
