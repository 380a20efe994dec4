"""Background jobs of casework, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.casework import appeal_attachments
from qyzmet.jobs.schedule import schedule


@schedule.daily("appeals.attachments_retention")
@task(priority=-10)
def delete_expired_appeal_attachments() -> int:
    """Delete appeals' documents' content QYZMET_ATTACHMENT_KEEP_DAYS after the appeal ended."""
    return appeal_attachments.delete_expired_appeal_attachments()
