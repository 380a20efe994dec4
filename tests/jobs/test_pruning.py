"""Finished jobs are kept a week (failed ones a month) for operators to look at, then deleted;
jobs still waiting are never deleted."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.pruning import prune_finished_jobs
from tests.jobs import tasks
from tests.jobs.helpers import run_jobs, waiting_jobs

pytestmark = pytest.mark.django_db


def test_old_finished_jobs_are_deleted_and_waiting_ones_kept():
    tasks.tick.enqueue()
    run_jobs()
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="tests.jobs.tasks.tick",
        backend_name="default", status=TaskResultStatus.FAILED, finished_at=timezone.now(),
    )  # fmt: skip
    tasks.tick.enqueue()
    in_eight_days = timezone.now() + datetime.timedelta(days=8)

    assert prune_finished_jobs(now=in_eight_days) == {"jobs": 1, "daily runs": 0}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED", "READY"}
    assert prune_finished_jobs(now=in_eight_days + datetime.timedelta(days=30))["jobs"] == 1
    assert waiting_jobs().count() == DBTaskResult.objects.count() == 1
