"""Keeping the table of jobs small: finished jobs are kept a while for operators to look at."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.models import DailyRun

KEEP_SUCCESSFUL = datetime.timedelta(days=7)
KEEP_FAILED = datetime.timedelta(days=30)  # long enough to notice and look into
KEEP_DAILY_RUNS = datetime.timedelta(days=30)


def prune_finished_jobs(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete jobs that succeeded a week ago or failed 30 days ago, and old daily runs;
    returns how many of each. Jobs waiting or running are never touched."""
    now = now or timezone.now()
    finished = Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCESSFUL) | Q(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    )
    jobs, _ = DBTaskResult.objects.filter(finished).delete()
    runs, _ = DailyRun.objects.filter(day__lt=(now - KEEP_DAILY_RUNS).date()).delete()
    return {"jobs": jobs, "daily runs": runs}
