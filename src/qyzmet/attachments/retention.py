"""Retention: an attachment's content is deleted ``QYZMET_ATTACHMENT_KEEP_DAYS`` after the case
of its service ended: decided, or withdrawn (by the citizen after submission, or when a
correction was not made in time), counted from the decision or the withdrawal in the case's
history; or after its upload when the application was never submitted (a draft left, or
withdrawn before submission). The row stays (what was attached, when, its type and size) for
the case's history; its content and file name go."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from qyzmet.applications.models import (
    DECIDED_CASE_STATUSES,
    ApplicationStatus,
    Case,
    CaseStatus,
)
from qyzmet.attachments.models import Attachment
from qyzmet.audit.services import record_audit

CHANNEL = "retention"
UNSUBMITTED = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)


def _expired(attachment: Attachment, cutoff: datetime.datetime) -> bool:
    application = attachment.application
    if application is None:  # a held document: delete_unclaimed_documents' to delete
        return False
    if application.status in UNSUBMITTED and application.submitted_at is None:
        return attachment.uploaded_at < cutoff
    case = (
        Case.objects.filter(application=application, service__service__slug=attachment.service_slug)
        .only("status", "decided_at")
        .first()
    )
    ended_at = _ended_at(case) if case is not None else None
    return ended_at is not None and ended_at < cutoff


def _ended_at(case: Case) -> datetime.datetime | None:
    """When the case ended: decided, or withdrawn (its history says when); None while open."""
    if case.status in DECIDED_CASE_STATUSES:
        return case.decided_at
    if case.status == CaseStatus.WITHDRAWN:
        withdrawn = case.history.filter(status=CaseStatus.WITHDRAWN).order_by("-at").first()
        return withdrawn.at if withdrawn is not None else None
    return None


def delete_unclaimed_documents(*, now: datetime.datetime) -> int:
    """Delete every held document (GovStack's upload) no application named within
    ``QYZMET_ATTACHMENT_HELD_HOURS``, row and all: it was never part of a case."""
    cutoff = now - datetime.timedelta(hours=settings.ATTACHMENT_HELD_HOURS)
    deleted = 0
    unclaimed = Attachment.objects.filter(application__isnull=True, uploaded_at__lt=cutoff)
    for attachment in unclaimed.defer("content").iterator(chunk_size=200):
        with transaction.atomic():
            details = {"kind": attachment.kind, "held_hours": settings.ATTACHMENT_HELD_HOURS}
            record_audit(actor=None, action="attachment.unclaimed_deleted", obj=attachment,
                         channel=CHANNEL, details=details)  # fmt: skip
            Attachment.objects.filter(pk=attachment.pk, application__isnull=True).delete()
        deleted += 1
    return deleted


def delete_expired_attachments(*, now: datetime.datetime | None = None) -> int:
    """Delete the content of every attachment whose retention term has ended, and the held
    documents never named; how many."""
    now = now or timezone.now()
    unclaimed = delete_unclaimed_documents(now=now)
    cutoff = now - datetime.timedelta(days=settings.ATTACHMENT_KEEP_DAYS)
    candidates = (
        Attachment.objects.filter(
            deleted_at__isnull=True, uploaded_at__lt=cutoff, application__isnull=False
        )
        .select_related("application")
        .defer("content")
    )
    deleted = 0
    for attachment in candidates.iterator(chunk_size=200):
        if not _expired(attachment, cutoff):
            continue
        with transaction.atomic():
            if not erase_content(Attachment, attachment.pk, now=now):
                continue  # another run of the job erased it meanwhile, and audited it
            details = {"kind": attachment.kind, "keep_days": settings.ATTACHMENT_KEEP_DAYS}
            record_audit(actor=None, action="attachment.deleted", obj=attachment,
                         channel=CHANNEL, details=details)  # fmt: skip
        deleted += 1
    return deleted + unclaimed


def erase_content(model: type[Model], pk: Any, *, now: datetime.datetime) -> bool:
    """Erase the content and name of document ``pk`` (an ``Attachment`` or an appeal's), its
    row kept with its type and size; whether this call did it (False: another run of the job
    did, so two runs at once delete and audit each document once)."""
    erased = model._default_manager.filter(pk=pk, deleted_at__isnull=True).update(
        content=None, filename="", deleted_at=now
    )
    return bool(erased)
