"""Appeals against decisions and complaints about delays.

A citizen appeals the approval or rejection of their case within the term the catalogue gives
(``ServiceVersion.appeal``: calendar days after the decision), or complains about the delay of
a case still waiting for a decision after its due date, with their reasons (kept as written).
The appeal goes to the body that decides appeals against the case's agency (the agency itself,
or the higher body the catalogue names: ``appeals.decided_by``), to its officers with the role
``appeals``, who must decide within ``decision_days`` working days.

Upheld, an appeal against a decision reverses it through ``applications.reversals`` (ground
``appeal_upheld``): the case awaits a new decision of its agency. Dismissed, the citizen reads
the reasons. A complaint about a delay upheld instructs the agency to decide; the case stays
pending. Each step is one transaction, audited, a line of the case's history, and the citizen
is told on their channels after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications.history import record_case_event
from qyzmet.applications.models import (
    DECIDED_CASE_STATUSES,
    PENDING_CASE_STATUSES,
    Case,
)
from qyzmet.applications.reversals import reverse_on_appeal
from qyzmet.applications.validation import FieldProblem
from qyzmet.attachments.scanners import Scanner
from qyzmet.audit.services import record_audit
from qyzmet.casework.appeal_access import APPEALS_ROLE as APPEALS_ROLE
from qyzmet.casework.appeal_access import appeal_of as appeal_of
from qyzmet.casework.appeal_access import conflict_code as conflict_code
from qyzmet.casework.appeal_access import ensure_decides_appeal, ensure_no_conflict
from qyzmet.casework.appeal_access import may_decide_appeals as may_decide_appeals
from qyzmet.casework.appeal_access import took_part_in_decision as took_part_in_decision
from qyzmet.casework.appeal_attachments import check_documents, keep_documents
from qyzmet.casework.appeal_models import Appeal, AppealKind, AppealOutcome
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.core.workdays import add_working_days
from qyzmet.core.written import written
from qyzmet.formats import date_text
from qyzmet.notifications.events import notify_appeal_decided, notify_case_appealed

TEXT_MAX_LENGTH = 4000
# Lines of the case's history (``StatusChange.status``) that change no status.
FILED_EVENTS = {AppealKind.DECISION: "appealed", AppealKind.DELAY: "complained"}
DECIDED_EVENTS = {
    AppealOutcome.UPHELD: "appeal_upheld",
    AppealOutcome.DISMISSED: "appeal_dismissed",
}


def appeals_body(case: Case) -> Agency:
    """The agency whose officers with the role ``appeals`` decide appeals of ``case``."""
    slug = case.agency.appeals_decided_by
    if slug and slug != case.agency.slug:
        found = Agency.objects.filter(slug=slug).first()
        if found is not None:
            return found
    return case.agency


def appeal_last_day(case: Case) -> datetime.date | None:
    """The last day to appeal the decision of ``case`` (None: it has no decision)."""
    if case.status not in DECIDED_CASE_STATUSES or case.decided_at is None:
        return None
    decided = timezone.localdate(case.decided_at)
    return decided + datetime.timedelta(days=case.service.appeal["term_days"])


def appeal_offered(case: Case, *, today: datetime.date | None = None) -> str | None:
    """What the citizen may file about ``case`` today: ``decision`` (an appeal of its
    decision, within the term), ``delay`` (a complaint: it waits past its due date), or None
    (also while an appeal of it is open)."""
    today = today or timezone.localdate()
    if case.appeals.filter(outcome=AppealOutcome.OPEN).exists():
        return None
    last_day = appeal_last_day(case)
    if last_day is not None:
        return AppealKind.DECISION if today <= last_day else None
    if case.status in PENDING_CASE_STATUSES and case.due_date and case.due_date < today:
        return AppealKind.DELAY
    return None


def open_appeal(case: Case) -> Appeal | None:
    return case.appeals.filter(outcome=AppealOutcome.OPEN).first()


def _text(field: str, text: str, required: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid("appeal.invalid", [FieldProblem(field, required)])
    if len(text) > TEXT_MAX_LENGTH:
        raise Invalid(
            "appeal.invalid", [FieldProblem(field, "max_length", {"limit": TEXT_MAX_LENGTH})]
        )
    return text


def _kind_now(case: Case, today: datetime.date) -> str:
    """The kind of appeal ``case`` admits today, or the ``Conflict`` telling why none."""
    last_day = appeal_last_day(case)
    if last_day is not None:
        if today > last_day:
            raise Conflict("appeal.term_passed", {"last_day": date_text(last_day)})
        return AppealKind.DECISION
    if case.status in PENDING_CASE_STATUSES:
        if case.due_date is None or case.due_date >= today:
            raise Conflict("appeal.not_late", {"due_date": date_text(case.due_date or today)})
        return AppealKind.DELAY
    raise Conflict("appeal.nothing_to_appeal")


def file_appeal(
    *,
    case: Case,
    citizen: Any,
    reasons: str,
    channel: str,
    language: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    scanner: Scanner | None = None,
) -> Appeal:
    """The citizen's appeal of the decision of ``case`` (or complaint about its delay), with
    ``reasons`` shown as written (marked with ``language`` or the one they are written in) and
    the documents ``attachments`` (file name, content), each checked and scanned first
    (``appeal_attachments.check_documents``).

    ``NotFound`` for another's case; ``Invalid`` for no reasons; ``AttachmentRefused`` (an
    ``Invalid``) for a file refused, ``Unavailable`` when the scanner cannot say: then nothing
    is filed; ``Conflict`` when an appeal of the case is open already, the term has passed
    (naming the last day), the case is not late yet, or it has nothing to appeal (withdrawn,
    sent back)."""
    reasons = _text("reasons", reasons, "appeal.reasons_required")
    if case.application.citizen_id != getattr(citizen, "pk", None):
        raise NotFound("not_found.case")  # before another's files are even scanned
    documents = check_documents(files=attachments, citizen=citizen, obj=case, channel=channel,
                                scanner=scanner) if attachments else []  # fmt: skip
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application__citizen", "service", "agency")
            .get(pk=case.pk)
        )
        if case.application.citizen_id != getattr(citizen, "pk", None):
            raise NotFound("not_found.case")
        if open_appeal_exists(case):
            raise Conflict("appeal.already_open")  # a form sent twice files one
        today = timezone.localdate()
        kind = _kind_now(case, today)
        body = appeals_body(case)
        try:
            with transaction.atomic():  # the constraint of one open appeal per case, too
                appeal = Appeal.objects.create(
                    case=case,
                    kind=kind,
                    citizen=citizen,
                    channel=channel,
                    decision=case.status if kind == AppealKind.DECISION else "",
                    reasons_parts=[written(reasons, language)],
                    body=body,
                    due_date=add_working_days(today, case.service.appeal["decision_days"]),
                )
        except IntegrityError:  # filed by a concurrent request the row lock did not hold back
            raise Conflict("appeal.already_open") from None
        keep_documents(appeal=appeal, documents=documents, citizen=citizen, channel=channel)
        record_case_event(
            case=case, event=FILED_EVENTS[AppealKind(kind)], actor=citizen, channel=channel,
            note=reasons,
        )  # fmt: skip
        record_audit(
            actor=citizen,
            action="case.appealed",
            obj=case,
            channel=channel,
            details={
                "appeal": appeal.pk,
                "kind": kind,
                "body": body.slug,
                "due_date": appeal.due_date.isoformat(),
                "attachments": len(documents),
            },
        )
        notify_case_appealed(case=case, appeal=appeal)  # delivered after commit
    return appeal


def _decision_changed_since(appeal: Appeal) -> bool:
    """Whether the case no longer stands on the decision appealed: decided otherwise, or
    reversed (and perhaps decided again) after the appeal was filed."""
    case = appeal.case
    return case.status != appeal.decision or case.reversals.filter(at__gte=appeal.filed_at).exists()


def open_appeal_exists(case: Case) -> bool:
    return bool(case.appeals.filter(outcome=AppealOutcome.OPEN).exists())


def checked_appeal_decision(*, outcome: str, reason: str) -> str:
    """The reason of an appeal's decision, stripped, once the outcome is one an appeal may have
    (upheld, dismissed) and the reason is given and not too long; ``Invalid`` naming each
    problem otherwise (the back office asks it before its check page)."""
    problems = []
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.DISMISSED):
        problems.append(FieldProblem("outcome", "appeal.outcome_required"))
    try:
        reason = _text("reason", reason, "appeal.reason_required")
    except Invalid as wrong:
        problems += wrong.problems
    if problems:
        raise Invalid("appeal.invalid", problems)
    return reason


def decide_appeal(
    *,
    appeal: Appeal,
    officer: Any,
    outcome: str,
    reason: str,
    channel: str,
    language: str = "",
) -> Appeal:
    """Decide ``appeal``: ``upheld`` (an appeal of a decision reverses it; a complaint about a
    delay instructs the agency to decide) or ``dismissed``, with ``reason`` the citizen reads
    as written.

    ``NotFound`` for an officer of another agency, ``Forbidden`` for one of the appeals body
    without the role ``appeals`` or who took part in the decision appealed (each audited);
    ``Invalid`` for an unknown outcome or no reason; ``Conflict`` when the appeal is decided
    already, or the decision appealed was reversed meanwhile."""
    ensure_decides_appeal(appeal=appeal, officer=officer, channel=channel)
    ensure_no_conflict(appeal=appeal, officer=officer, channel=channel)
    reason = checked_appeal_decision(outcome=outcome, reason=reason)
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("case__application__citizen", "case__service", "case__agency", "body")
            .get(pk=appeal.pk)
        )
        if appeal.outcome != AppealOutcome.OPEN:
            raise Conflict("appeal.already_decided")
        case = appeal.case
        if outcome == AppealOutcome.UPHELD and appeal.kind == AppealKind.DECISION:
            if _decision_changed_since(appeal):  # reverse the decision appealed, none later
                raise Conflict("appeal.decision_changed")
            appeal.reversal = reverse_on_appeal(
                case=case, officer=officer, reason=reason, channel=channel
            )  # the case awaits a new decision; the reversal tells the citizen
        appeal.outcome = outcome
        appeal.officer = officer
        appeal.decided_at = timezone.now()
        appeal.outcome_reason_parts = [written(reason, language)]
        appeal.save(
            update_fields=["outcome", "officer", "decided_at", "outcome_reason_parts", "reversal"]
        )
        record_case_event(
            case=case, event=DECIDED_EVENTS[AppealOutcome(outcome)], actor=officer,
            channel=channel, note=reason,
        )  # fmt: skip
        record_audit(
            actor=officer,
            action="appeal.decided",
            obj=case,
            channel=channel,
            details={
                "appeal": appeal.pk,
                "kind": appeal.kind,
                "outcome": outcome,
                "reversal": appeal.reversal_id,
                "overdue": appeal.due_date < timezone.localdate(),
            },
        )
        if appeal.reversal_id is None:
            notify_appeal_decided(case=case, appeal=appeal)  # delivered after commit
    return appeal
