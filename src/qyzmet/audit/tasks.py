"""Background jobs of the audit log, each calling one domain function."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from qyzmet.audit.sealing import seal_audit_log
from qyzmet.jobs.schedule import schedule


@schedule.every("audit.seal", seconds=settings.AUDIT_SEAL_SECONDS)
@task(priority=10)
def seal() -> int:
    """Seal the records written since the last seal and sign the tree head (also: ``qyzmet
    audit seal``, and every ``QYZMET_AUDIT_SEAL_EVERY`` records); the tree's size."""
    head = seal_audit_log()
    return head.size if head else 0
