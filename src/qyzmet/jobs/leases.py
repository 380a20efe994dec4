"""Background work is done at least once: a job, or a delivery taken by a job, belongs to the
worker that took it only while that worker is alive.

Each worker renews its heartbeat (``WorkerHeartbeat``) every third of
``settings.JOB_LEASE_SECONDS`` from a thread of its own, whatever job it is running. A worker
not heard from for a lease is presumed dead (killed, its machine gone): every worker's heartbeat
thread puts its running jobs back in the queue (``take_back_abandoned_jobs``), and the rows a
job had claimed for an effect (a notification or a webhook being sent) may be taken by the job's
next run (``abandoned``). Effects are idempotent, so the second run finds what the first did or
sends the same thing again under the same id.

A row claimed outside a worker (a job run in a web request) names no holder: it is abandoned
once its claim is a lease old.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

FORGET_WORKERS_AFTER = datetime.timedelta(days=1)

_holder: contextvars.ContextVar[str] = contextvars.ContextVar("job_holder", default="")


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


@contextlib.contextmanager
def holding(worker_id: str) -> Iterator[None]:
    """While a worker runs a job: the rows the job claims name ``worker_id`` as their holder."""
    token = _holder.set(worker_id)
    try:
        yield
    finally:
        _holder.reset(token)


def holder() -> str:
    """The worker running the current job; empty outside a worker."""
    return _holder.get()


def beat(worker_id: str, *, now: datetime.datetime | None = None) -> None:
    """``worker_id`` is alive."""
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now):
        WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=now, beat_at=now)


def stopped(worker_id: str) -> None:
    """``worker_id`` stopped in good order, holding nothing."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def alive_workers(*, now: datetime.datetime) -> list[str]:
    return list(
        WorkerHeartbeat.objects.filter(beat_at__gte=now - lease()).values_list(
            "worker_id", flat=True
        )
    )


def abandoned(*, now: datetime.datetime | None = None) -> Q:
    """Rows (with ``claimed_by`` and ``claimed_at``) whose claim nobody holds any more: its
    worker is not alive, or (claimed outside a worker) it is a lease old."""
    now = now or timezone.now()
    alive = alive_workers(now=now)
    by_worker = ~Q(claimed_by="") & ~Q(claimed_by__in=alive)
    by_no_worker = Q(claimed_by="") & Q(claimed_at__lt=now - lease())
    return by_worker | by_no_worker | Q(claimed_at=None)


def take_back_abandoned_jobs(*, now: datetime.datetime | None = None) -> int:
    """Put back in the queue the running jobs of workers presumed dead; how many."""
    now = now or timezone.now()
    alive = set(alive_workers(now=now))
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - lease()
    ).only("id", "worker_ids")
    taken = 0
    for job in running:
        worker = job.worker_ids[-1] if job.worker_ids else ""
        if worker in alive:
            continue
        again = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, worker_ids=job.worker_ids
        ).update(status=TaskResultStatus.READY)
        if again:
            logger.warning("Job %s of dead worker %s queued again", job.pk, worker)
            taken += again
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return taken


class Heartbeat:
    """A worker's heartbeat thread: it beats, and takes back the jobs of dead workers, every
    third of a lease, on a connection of its own (closed after each beat)."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def start(self, *, thread: bool = True) -> None:
        self.once()  # alive before the first job is taken
        if thread:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(settings.JOB_LEASE_SECONDS)

    def _run(self) -> None:
        while not self._stop.wait(settings.JOB_LEASE_SECONDS / 3):
            self.once()
            close_connection()

    def once(self) -> None:
        try:
            beat(self.worker_id)
            take_back_abandoned_jobs()
        except DatabaseError as error:  # the database is away: tried again at the next beat
            logger.warning("Worker %s could not beat: %s", self.worker_id, error)


def close_connection() -> None:
    close_old_connections()
    connection.close()
