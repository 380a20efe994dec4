"""Background jobs of applications, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.applications.correction_expiry import end_uncorrected_cases
from qyzmet.jobs.schedule import schedule


@schedule.daily("applications.uncorrected")
@task(priority=-10)
def end_uncorrected() -> int:
    """End the cases sent back for correction and not corrected within their term."""
    return end_uncorrected_cases()
