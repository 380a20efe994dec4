"""Background jobs of casework, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.casework import appeal_attachments
from qyzmet.casework.consultations import end_unanswered_consultations
from qyzmet.casework.escalations import escalate_due_cases
from qyzmet.jobs.schedule import schedule


@schedule.daily("casework.unanswered_consultations")
@task(priority=-10)
def end_unanswered() -> int:
    """Move on the decisions whose consultation of another agency was not answered in term."""
    return end_unanswered_consultations()


@schedule.daily("casework.escalations")
@task(priority=-10)
def escalate() -> int:
    """Escalate the pending cases close to their legal deadline, once per case."""
    return escalate_due_cases()


@schedule.daily("appeals.attachments_retention")
@task(priority=-10)
def delete_expired_appeal_attachments() -> int:
    """Delete appeals' documents' content QYZMET_ATTACHMENT_KEEP_DAYS after the appeal ended."""
    return appeal_attachments.delete_expired_appeal_attachments()
