"""`qyzmet worker --batch` runs the jobs that are due, the daily ones included, then stops."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.models import DailyRun
from qyzmet.jobs.schedule import schedule
from qyzmet.jobs.worker import Worker
from tests.jobs import tasks
from tests.jobs.helpers import waiting_jobs

pytestmark = pytest.mark.django_db


def test_a_batch_runs_the_due_jobs_and_says_how_many(capsys):
    tasks.RAN.clear()
    tasks.tick.enqueue()
    with (
        mock.patch.object(Worker, "configure_signals"),  # pytest keeps its own Ctrl-C
        mock.patch.object(db_worker, "close_old_connections"),  # see tests.jobs.helpers
    ):
        call_command("worker", "--batch", verbosity=0)
    daily = DailyRun.objects.count()
    assert daily == len(list(schedule)) and tasks.RAN == [0] and not waiting_jobs().exists()
    # Daily jobs may enqueue more (a retirement found makes its offers): all ran, and counted.
    ran = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count()
    assert ran >= 1 + daily and f"Ran {ran} job(s)." in capsys.readouterr().out
