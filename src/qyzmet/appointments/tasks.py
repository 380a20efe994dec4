"""Background jobs of appointments, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.appointments.reminders import remind_visits
from qyzmet.jobs.schedule import schedule


@schedule.daily("appointments.reminders")
@task(priority=-10)
def remind_tomorrows_visits() -> int:
    """Remind people of their visits to service centres tomorrow (once per visit)."""
    return remind_visits()
