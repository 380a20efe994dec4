"""Background jobs of the assistant, each calling one function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.assistant.indexing import index_catalogue
from qyzmet.assistant.records import purge_records
from qyzmet.jobs.schedule import schedule


@task(priority=-5)
def index() -> str:
    """Embed the current catalogue for the assistant (once per catalogue version)."""
    return index_catalogue()


@schedule.daily("assistant.purge")
@task(priority=-10)
def purge() -> int:
    """Delete the assistant's records older than the retention setting."""
    return purge_records()
