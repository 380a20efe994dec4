"""Reversing a decision: an officer of the case's agency who may (the permission
``applications.reverse_decision``) annuls an approval or a rejection, on a coded ground and
with a written reason, kept as written with the language it is written in (``core.written``),
so a reader in another language is told, as for a decision's reason (decision 0042).

The case becomes ``reversed``: it awaits a new decision, back in the agency's queue and due
within the service's legal deadline from today. Its valid result document is revoked with the
ground and reason, the application's status follows, the citizen is told in their language,
and partners hear of it through the status history. Reversing is one transaction with the
case locked, so a form sent twice reverses once (the second is told it is done already).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.decisions import ensure_same_agency
from qyzmet.applications.grounds import GROUNDS, ground_label
from qyzmet.applications.history import record_status, refresh_application_status
from qyzmet.applications.models import (
    DECIDED_CASE_STATUSES,
    Case,
    CaseStatus,
    Reversal,
    ReversalGround,
)
from qyzmet.applications.validation import FieldProblem
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.core.workdays import add_working_days
from qyzmet.core.written import as_text, written
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import revoke_document
from qyzmet.notifications.events import notify_case_reversed

REVERSE_PERMISSION = "applications.reverse_decision"
REASON_MAX_LENGTH = 2000


def may_reverse(officer: Any) -> bool:
    """Whether ``officer`` holds the permission to reverse their agency's decisions."""
    return bool(getattr(officer, "is_active", False) and officer.has_perm(REVERSE_PERMISSION))


def _checked(ground: str, reason: str) -> tuple[str, str]:
    ground, reason = ground.strip(), reason.strip()
    problems = []
    if not ground:
        problems.append(FieldProblem("ground", "reversal.ground_required"))
    elif ground not in ReversalGround.values:
        grounds = ", ".join(ReversalGround.values)
        problems.append(FieldProblem("ground", "reversal.unknown_ground", {"grounds": grounds}))
    if not reason:
        problems.append(FieldProblem("reason", "reversal.reason_required"))
    elif len(reason) > REASON_MAX_LENGTH:
        problems.append(FieldProblem("reason", "max_length", {"limit": REASON_MAX_LENGTH}))
    if problems:
        raise Invalid("reversal.invalid", problems)
    return ground, reason


def _note(ground: str, reason: dict[str, str], language: str) -> str:
    """The history line's note as the citizen read it when it was written (API, webhooks):
    the ground and the reason, with "Written by the officer in Russian" if it is another's."""
    return f"{ground_label(ground, language)}: {as_text([reason], language)}"


def reverse_case(*, case: Case, officer: Any, ground: str, reason: str, channel: str) -> Reversal:
    """Reverse the approval or rejection of ``case``; it then awaits a new decision.

    ``Forbidden`` for an officer of another agency or without the permission (both audited),
    ``Invalid`` for a missing or unknown ground or a missing reason, ``Conflict`` when the case
    has no decision to reverse (not decided yet, withdrawn, or reversed already)."""
    ensure_same_agency(case=case, officer=officer, channel=channel)
    if not may_reverse(officer):
        record_audit(
            actor=officer,
            action="case.reversal_refused",
            obj=case,
            channel=channel,
            details={"why": "permission"},
        )
        raise Forbidden("case.reversal_not_allowed")
    ground, reason = _checked(ground, reason)
    return _reverse(case=case, officer=officer, ground=ground, reason=reason, channel=channel)


def reverse_on_appeal(*, case: Case, officer: Any, reason: str, channel: str) -> Reversal:
    """Reverse ``case``'s decision because an appeal against it was upheld (ground
    ``appeal_upheld``, the appeals officer's reason). The caller (``casework.appeals``) has
    checked that ``officer`` decides appeals for the case's agency, which may be a higher body
    than the agency itself; ``Conflict`` as for ``reverse_case``."""
    ground, reason = _checked(ReversalGround.APPEAL_UPHELD, reason)
    return _reverse(case=case, officer=officer, ground=ground, reason=reason, channel=channel)


def _reverse(*, case: Case, officer: Any, ground: str, reason: str, channel: str) -> Reversal:
    part = written(reason)  # its language guessed from its letters, as a decision's reason
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application__citizen", "service", "agency")
            .get(pk=case.pk)
        )
        if case.status == CaseStatus.REVERSED:
            raise Conflict("case.already_reversed")
        if case.status not in DECIDED_CASE_STATUSES:
            raise Conflict("case.not_decided")
        decision = case.status
        document = ResultDocument.objects.filter(case=case, revoked_at__isnull=True).first()
        case.status = CaseStatus.REVERSED
        case.decision_reason, case.decision_reason_parts = "", []
        case.decided_at = None
        case.assigned_to = None
        case.due_date = add_working_days(timezone.localdate(), case.service.deadline_days)
        case.save(
            update_fields=[
                "status", "decision_reason", "decision_reason_parts", "decided_at",
                "assigned_to", "due_date",
            ]
        )  # fmt: skip
        reversal = Reversal.objects.create(
            case=case,
            decision=decision,
            ground=ground,
            reason=reason,
            reason_language=part["language"],
            officer=officer,
            channel=channel,
            document_number=document.pk if document else "",
        )
        if document is not None:
            revoke_document(
                document=document,
                ground=ground,
                reason=reason,
                actor=officer,
                channel=channel,
            )
        record_status(
            application=case.application,
            case=case,
            status=case.status,
            actor=officer,
            channel=channel,
            note=_note(ground, part, case.application.citizen.language),
        )
        refresh_application_status(application=case.application, actor=officer, channel=channel)
        record_audit(
            actor=officer,
            action="case.reversed",
            obj=case,
            channel=channel,
            details={
                "decision": decision,
                "ground": ground,
                "reason": reason,
                "reason_language": part["language"],
                "document": reversal.document_number or None,
                "due_date": case.due_date.isoformat(),
            },
        )
        notify_case_reversed(
            case=case,
            decision=decision,
            ground=GROUNDS[ground],
            reason=part,
            document_number=reversal.document_number,
        )  # delivered after commit
    return reversal
