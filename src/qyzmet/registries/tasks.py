"""Background jobs of the registries, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.jobs.schedule import schedule
from qyzmet.registries.events import record_retirements


@schedule.daily("registries.retirements")
@task(priority=-10)
def find_retirements() -> int:
    """Record a retirement event for everyone who reached pension age (once per person)."""
    return record_retirements()
