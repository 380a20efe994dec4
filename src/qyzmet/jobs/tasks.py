"""The jobs app's own daily job."""

from __future__ import annotations

from django_tasks import task

from qyzmet.jobs.pruning import prune_finished_jobs
from qyzmet.jobs.schedule import schedule


@schedule.daily("jobs.prune")
@task(priority=-20)
def prune_jobs() -> dict[str, int]:
    return prune_finished_jobs()
