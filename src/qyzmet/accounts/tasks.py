"""Background jobs of accounts, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.accounts import attempts
from qyzmet.jobs.schedule import schedule


@schedule.daily("signin.purge")
@task(priority=-10)
def purge_sign_in_records() -> dict[str, int]:
    """Delete sign-in attempts no limit needs, expired codes and the messages with codes."""
    return attempts.purge_sign_in_records()
