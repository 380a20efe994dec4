"""Background jobs of the audit log, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.audit.checkpoints import make_checkpoint
from qyzmet.jobs.schedule import schedule


@schedule.daily("audit.checkpoint")
@task(priority=-10)
def checkpoint() -> int:
    """Sign the audit chain's head (also: ``qyzmet audit checkpoint``, as often as wanted)."""
    made = make_checkpoint()
    return made.sequence if made else 0
