"""Background jobs of idempotency, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.idempotency import store
from qyzmet.jobs.schedule import schedule


@schedule.daily("idempotency.purge")
@task(priority=-10)
def purge_expired_requests() -> int:
    """Forget idempotency keys older than QYZMET_IDEMPOTENCY_KEY_HOURS."""
    return store.purge_expired_requests()
