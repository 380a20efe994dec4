"""Daily jobs: each runs once a day, however many workers there are; and frequent jobs, which
each worker enqueues every few seconds or minutes.

An app declares one in its ``tasks.py``, under a name that says what it does::

    @schedule.daily("notifications.overdue")
    @task(priority=-10)
    def notify_overdue() -> int: ...

A day's run is due from ``settings.DAILY_JOBS_HOUR`` (local time) on; before that hour the
previous day's run is the one due, so a worker that starts after a missed run (the machine was
off) catches up at once. The first worker to insert the (job, day) row of ``DailyRun``
enqueues the job in the same transaction; every other worker finds the row taken.

A frequent job (``@schedule.every("audit.seal", seconds=60)``) must be idempotent and safe to
run on several workers at once: each worker runs it itself, on its own clock, so with N workers
it runs up to N times per interval. It does not go through the queue: whether it runs must not
hang on rows a database writer can forge or delete (a waiting run due in the year 9000 would
put it off for ever).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from qyzmet.jobs.models import DailyRun

logger = logging.getLogger(__name__)

DailyTask = Task[[], Any]


class Schedule:
    """The daily jobs by name; tests build their own."""

    def __init__(self) -> None:
        self._daily: dict[str, DailyTask] = {}
        self._frequent: dict[str, tuple[DailyTask, float]] = {}

    def daily(self, name: str) -> Callable[[DailyTask], DailyTask]:
        """Decorate a task (taking no arguments) to run it once a day."""

        def register(job: DailyTask) -> DailyTask:
            if name in self._daily:
                raise ValueError(f"daily job {name!r} is declared twice")
            self._daily[name] = job
            return job

        return register

    def every(self, name: str, *, seconds: float) -> Callable[[DailyTask], DailyTask]:
        """Decorate a task (taking no arguments, idempotent) to run it every ``seconds``."""

        def register(job: DailyTask) -> DailyTask:
            if name in self._frequent:
                raise ValueError(f"frequent job {name!r} is declared twice")
            self._frequent[name] = (job, seconds)
            return job

        return register

    def __iter__(self) -> Iterator[tuple[str, DailyTask]]:
        """The daily jobs."""
        return iter(sorted(self._daily.items()))

    def frequent(self) -> Iterator[tuple[str, DailyTask, float]]:
        return iter((name, job, seconds) for name, (job, seconds) in sorted(self._frequent.items()))


schedule = Schedule()


def due_day(now: datetime.datetime, *, hour: int) -> datetime.date:
    """The day whose run is due at ``now``: today from ``hour`` (local time) on, else
    yesterday."""
    local = timezone.localtime(now)
    return local.date() if local.hour >= hour else local.date() - datetime.timedelta(days=1)


def enqueue_daily_run(*, job: str, task: DailyTask, day: datetime.date) -> bool:
    """Enqueue ``job``'s run of ``day`` unless a worker did already; True if this call did."""
    try:
        with transaction.atomic():
            result = task.enqueue()
            DailyRun.objects.create(job=job, day=day, task_id=result.id)
    except IntegrityError:
        return False
    return True


class DailyJobs:
    """One worker's part in the schedule. It asks the database once per job and day, so it
    can be asked between any two jobs."""

    def __init__(self, *, hour: int, schedule: Schedule = schedule) -> None:
        self.hour = hour
        self.schedule = schedule
        self.settled: set[tuple[str, datetime.date]] = set()

    def enqueue_due(self, *, now: datetime.datetime | None = None) -> list[str]:
        """Enqueue the runs that are due and that no worker enqueued yet; their job names."""
        day = due_day(now or timezone.now(), hour=self.hour)
        enqueued = []
        for job, task in self.schedule:
            if (job, day) in self.settled:
                continue
            if enqueue_daily_run(job=job, task=task, day=day):
                enqueued.append(job)
            self.settled.add((job, day))
        return enqueued


class FrequentJobs:
    """One worker's clock for the frequent jobs: it runs each itself when its interval has
    passed since it last did, whatever the queue holds. A job that fails is logged; the worker
    goes on and runs it again at the next interval."""

    def __init__(self, *, schedule: Schedule = schedule) -> None:
        self.schedule = schedule
        self.last: dict[str, float] = {}

    def run_due(self, *, now: float | None = None) -> list[str]:
        """Run the frequent jobs whose interval has passed; the names of those that ran."""
        now = time.monotonic() if now is None else now
        ran = []
        for name, job, seconds in self.schedule.frequent():
            if name in self.last and now - self.last[name] < seconds:
                continue
            self.last[name] = now
            try:
                job.call()
            except Exception:  # one failing job must not stop the worker
                logger.exception("Frequent job %s failed; trying again in %g s", name, seconds)
            else:
                ran.append(name)
        return ran
