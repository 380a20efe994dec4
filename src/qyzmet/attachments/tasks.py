"""Background jobs of attachments, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.attachments import retention
from qyzmet.jobs.schedule import schedule


@schedule.daily("attachments.retention")
@task(priority=-10)
def delete_expired_attachments() -> int:
    """Delete attachments' content QYZMET_ATTACHMENT_KEEP_DAYS after their case is decided."""
    return retention.delete_expired_attachments()
