"""Officers' write paths: assign a case, decide a case. An officer acts only on cases of their
own agency; an attempt on another agency's case is refused and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.history import record_status, refresh_application_status
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.core.texts import Text
from qyzmet.core.written import as_text, written
from qyzmet.documents.services import schedule_result_document
from qyzmet.notifications.events import notify_case_decided


def ensure_same_agency(*, case: Case, officer: Any, channel: str) -> None:
    """Refuse (and audit the attempt) unless ``officer`` works for the case's agency."""
    if officer.agency_id is None or officer.agency_id != case.agency_id:
        record_audit(
            actor=officer,
            action="case.access_denied",
            obj=case,
            channel=channel,
            details={"officer_agency": officer.agency_id, "case_agency": case.agency_id},
        )
        raise Forbidden("case.other_agency")


def _locked_pending(case: Case) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",)).select_related("application").get(pk=case.pk)
    )
    if locked.status not in PENDING_CASE_STATUSES:
        raise Conflict("case.already_decided")
    return locked


def assign_case(*, case: Case, officer: Any, channel: str, assignee: Any = None) -> Case:
    """Give a case to ``assignee`` (by default the officer) of the same agency to review."""
    assignee = assignee or officer
    ensure_same_agency(case=case, officer=officer, channel=channel)
    if assignee.agency_id != case.agency_id:
        raise Invalid("officer.other_agency")
    with transaction.atomic():
        case = _locked_pending(case)
        case.assigned_to = assignee
        moved = case.status != CaseStatus.IN_REVIEW
        case.status = CaseStatus.IN_REVIEW
        case.save(update_fields=["assigned_to", "status"])
        if moved:
            record_status(
                application=case.application,
                case=case,
                status=case.status,
                actor=officer,
                channel=channel,
                note=assignee.username,
            )
            refresh_application_status(application=case.application, actor=officer, channel=channel)
        record_audit(
            actor=officer,
            action="case.assigned",
            obj=case,
            channel=channel,
            details={"assignee": assignee.username},
        )
    return case


def reason_parts(*, template: Text | None, reason: str) -> list[Any]:
    """A refusal's reason as the citizen reads it: the catalogue ``template`` (kk/ru/en) and
    what the officer wrote, as written (either may be missing)."""
    reason = reason.strip()
    return [part for part in (template, written(reason) if reason else None) if part]


def decide_case(
    *,
    case: Case,
    officer: Any,
    approve: bool,
    channel: str,
    reason: str = "",
    template: Text | None = None,
) -> Case:
    """Approve a case, or reject it with a reason the citizen will read: a catalogue reason
    ``template`` (kk/ru/en, read in the reader's language), what the officer wrote (``reason``,
    shown as written and marked with its language, never translated), or both."""
    ensure_same_agency(case=case, officer=officer, channel=channel)
    parts = [] if approve else reason_parts(template=template, reason=reason)
    if not approve and not parts:
        raise Invalid("reason.required")
    with transaction.atomic():
        case = _locked_pending(case)
        case.status = CaseStatus.APPROVED if approve else CaseStatus.REJECTED
        case.decision_reason_parts = parts
        case.decision_reason = as_text(parts, case.application.citizen.language)
        case.decided_at = timezone.now()
        case.assigned_to = case.assigned_to or officer
        case.save(
            update_fields=[
                "status", "decision_reason", "decision_reason_parts", "decided_at", "assigned_to"
            ]
        )  # fmt: skip
        record_status(
            application=case.application,
            case=case,
            status=case.status,
            actor=officer,
            channel=channel,  # the reason is the case's, read in the reader's language
        )
        refresh_application_status(application=case.application, actor=officer, channel=channel)
        record_audit(
            actor=officer,
            action=f"case.{case.status}",
            obj=case,
            channel=channel,
            details={"reason": case.decision_reason} if parts else None,
        )
        notify_case_decided(case=case)  # delivered after commit
        if case.status == CaseStatus.APPROVED:
            schedule_result_document(case=case)  # issued after commit
    return case
