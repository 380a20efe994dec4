"""The stages of a case (``stages:`` of its service in the catalogue) and the roles that act at
each: the first stage's officer prepares the decision, each later stage's officer signs it off
or returns it to the first, and the last sign-off decides the case through
``applications.decisions.decide_case`` (documents, notifications, webhooks and statistics as
for any decision). A stage with ``four_eyes`` refuses an officer who already acted on the same
decision, whatever roles they hold. A service without stages is decided by its reviewer, as
before. The case keeps its status (``in_review``) while a decision waits for sign-off: the
legal deadline counts the whole case, stages do not extend it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from qyzmet.applications.decisions import decide_case, ensure_same_agency, reason_parts
from qyzmet.applications.history import (
    record_case_event,
    record_status,
    refresh_application_status,
)
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case, CaseStatus
from qyzmet.applications.validation import FieldProblem
from qyzmet.audit.services import record_audit
from qyzmet.casework.consultations import advance, void_consultations
from qyzmet.casework.roles import REVIEWER, has_role
from qyzmet.casework.stage_models import PreparedDecision, PreparedOutcome
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.core.texts import Text
from qyzmet.core.written import written

NOTE_MAX_LENGTH = 2000
PREPARED, SIGNED, RETURNED = "stage_prepared", "stage_signed", "stage_returned"  # history


@dataclass(frozen=True)
class StageView:
    """Where a case stands: the ``stage`` it is at (the catalogue's word), the ``role`` whose
    officers act next, and the decision waiting there (None at the first stage)."""

    stage: str
    role: str
    prepared: PreparedDecision | None = None
    position: int = 0  # 0: the first stage
    count: int = 1


def _stage(stages: list[dict[str, Any]], name: str) -> tuple[int, dict[str, Any]]:
    for i, stage in enumerate(stages):
        if stage["stage"] == name:
            return i, stage
    raise Conflict("stage.unknown")  # the catalogue version of the case names it no more


def _view(case: Case, prepared: PreparedDecision | None) -> StageView:
    stages = case.service.stages
    if prepared is None:
        return StageView(stage=stages[0]["stage"], role=stages[0]["role"], count=len(stages))
    position, stage = _stage(stages, prepared.stage)
    return StageView(stage["stage"], stage["role"], prepared, position, len(stages))


def _staged(case: Case) -> bool:
    return bool(case.service.stages) and case.status in PENDING_CASE_STATUSES


def stage_view(case: Case) -> StageView | None:
    """The stage ``case`` is at; None when its service has no stages or it waits for nobody
    at the agency (decided, withdrawn, sent back)."""
    return _view(case, open_prepared_decision(case)) if _staged(case) else None


def stage_views(cases: list[Case]) -> dict[Any, StageView]:
    """``stage_view`` of each of ``cases`` in one query, by case id; cases without a stage
    are left out."""
    staged = [case for case in cases if _staged(case)]
    found = PreparedDecision.objects.filter(
        case_id__in=[case.pk for case in staged], outcome=PreparedOutcome.OPEN
    )
    prepared = {p.case_id: p for p in found}
    return {case.pk: _view(case, prepared.get(case.pk)) for case in staged}


def open_prepared_decision(case: Case) -> PreparedDecision | None:
    return case.prepared_decisions.filter(outcome=PreparedOutcome.OPEN).first()


def awaiting_sign_off(cases: QuerySet[Case], *, waiting: bool = True) -> QuerySet[Case]:
    """Of ``cases``, those whose prepared decision waits for sign-off (``waiting``), or those
    at their first stage (not ``waiting``)."""
    open_ones = PreparedDecision.objects.filter(case=OuterRef("pk"), outcome=PreparedOutcome.OPEN)
    return cases.filter(Exists(open_ones)) if waiting else cases.exclude(Exists(open_ones))


def decide_at_stage(
    *,
    case: Case,
    officer: Any,
    approve: bool,
    channel: str,
    reason: str = "",
    template: Text | None = None,
) -> Case:
    """An officer's decision on ``case``: taken at once when its service has no stages
    (``decide_case``), otherwise prepared for the next stage to sign off.

    ``Forbidden`` for an officer of another agency (audited); ``Conflict`` when the case waits
    for no decision or one is already prepared; ``Invalid`` for a rejection without a reason."""
    stages = case.service.stages
    if not stages:
        return decide_case(
            case=case, officer=officer, approve=approve, channel=channel, reason=reason,
            template=template,
        )  # fmt: skip
    ensure_same_agency(case=case, officer=officer, channel=channel)
    if not approve and not reason_parts(template=template, reason=reason):
        raise Invalid("reason.required")
    with transaction.atomic():
        case = _locked(case)
        if open_prepared_decision(case):
            raise Conflict("stage.already_prepared")
        if case.status != CaseStatus.IN_REVIEW:  # being reviewed now, as assigning says
            case.status = CaseStatus.IN_REVIEW
            case.save(update_fields=["status"])
            record_status(application=case.application, case=case, status=case.status,
                          actor=officer, channel=channel, note=officer.username)  # fmt: skip
            refresh_application_status(application=case.application, actor=officer, channel=channel)
        if case.assigned_to_id is None:
            case.assigned_to = officer
            case.save(update_fields=["assigned_to"])
        following = stages[1]["stage"]
        prepared = PreparedDecision.objects.create(
            case=case,
            approve=approve,
            reason={} if approve else {"template": template, "text": reason.strip()},
            prepared_by=officer,
            stage=stages[0]["stage"],
            acted=[_acted(stages[0]["stage"], officer)],
        )
        record_case_event(case=case, event=PREPARED, actor=officer, channel=channel,
                          note=following)  # fmt: skip
        advance(case=case, prepared=prepared, position=1, actor=officer, channel=channel)
        record_audit(
            actor=officer,
            action="case.decision_prepared",
            obj=case,
            channel=channel,
            details={"approve": approve, "stage": following, "prepared": prepared.pk},
        )
    return case


def sign_off(*, case: Case, officer: Any, channel: str) -> Case:
    """Sign off the decision waiting at the case's stage: it moves to the next stage, or, at
    the last, decides the case.

    ``Forbidden`` for an officer of another agency, without the stage's role, or (four eyes)
    one who already acted on this decision, each audited; ``Conflict`` when no decision
    waits."""
    ensure_same_agency(case=case, officer=officer, channel=channel)
    with transaction.atomic():
        case = _locked(case)
        prepared = _waiting(case)
        stages = case.service.stages
        position, stage = _stage(stages, prepared.stage)
        _ensure_not_consulting(stage)
        refused = _refusal(prepared=prepared, stage=stage, officer=officer)
        if not refused:
            return _signed(case, prepared, stages, position, officer, channel)
    _refuse(case=case, stage=stage["stage"], why=refused, officer=officer, channel=channel)
    return case


def _signed(
    case: Case,
    prepared: PreparedDecision,
    stages: list[dict[str, Any]],
    position: int,
    officer: Any,
    channel: str,
) -> Case:
    stage = stages[position]
    prepared.acted = [*prepared.acted, _acted(stage["stage"], officer)]
    if position + 1 < len(stages):
        following = stages[position + 1]["stage"]
        record_case_event(case=case, event=SIGNED, actor=officer, channel=channel,
                          note=following)  # fmt: skip
        record_audit(actor=officer, action="case.decision_signed", obj=case, channel=channel,
                     details={"stage": stage["stage"], "next": following})  # fmt: skip
        advance(case=case, prepared=prepared, position=position + 1, actor=officer,
                channel=channel)  # fmt: skip
        return case
    prepared.outcome = PreparedOutcome.SIGNED_OFF
    prepared.ended_by = officer
    prepared.ended_at = timezone.now()
    prepared.save(update_fields=["acted", "outcome", "ended_by", "ended_at"])
    record_audit(
        actor=officer,
        action="case.decision_signed_off",
        obj=case,
        channel=channel,
        details={"stage": stage["stage"], "prepared_by": prepared.prepared_by_id},
    )
    reason = prepared.reason or {}
    return decide_case(
        case=case, officer=officer, approve=prepared.approve, channel=channel,
        reason=reason.get("text") or "", template=reason.get("template"),
    )  # fmt: skip


def return_to_review(
    *, case: Case, officer: Any, note: str, channel: str, language: str = ""
) -> PreparedDecision:
    """Return the decision waiting at the case's stage to the first stage, with ``note`` (shown
    as written) saying what to look at again: the case is at review once more.

    Refused as ``sign_off`` is; ``Invalid`` without a note."""
    ensure_same_agency(case=case, officer=officer, channel=channel)
    note = note.strip()
    if not note:
        raise Invalid("stage.note_invalid", [FieldProblem("note", "stage.note_required")])
    if len(note) > NOTE_MAX_LENGTH:
        raise Invalid(
            "stage.note_invalid", [FieldProblem("note", "max_length", {"limit": NOTE_MAX_LENGTH})]
        )
    with transaction.atomic():
        case = _locked(case)
        prepared = _waiting(case)
        _, stage = _stage(case.service.stages, prepared.stage)
        _ensure_not_consulting(stage)
        refused = _refusal(prepared=prepared, stage=stage, officer=officer)
        if not refused:
            return _returned(case, prepared, stage, officer, note, language, channel)
    _refuse(case=case, stage=stage["stage"], why=refused, officer=officer, channel=channel)
    return prepared


def _returned(
    case: Case,
    prepared: PreparedDecision,
    stage: dict[str, Any],
    officer: Any,
    note: str,
    language: str,
    channel: str,
) -> PreparedDecision:
    prepared.outcome = PreparedOutcome.RETURNED
    prepared.ended_by = officer
    prepared.ended_at = timezone.now()
    prepared.note = [written(note, language)]
    prepared.save(update_fields=["outcome", "ended_by", "ended_at", "note"])
    record_case_event(case=case, event=RETURNED, actor=officer, channel=channel, note=note)
    record_audit(
        actor=officer,
        action="case.decision_returned",
        obj=case,
        channel=channel,
        details={"stage": stage["stage"], "prepared_by": prepared.prepared_by_id},
    )
    return prepared


def void_prepared_decisions(case: Case) -> None:
    """A case that moves (withdrawn, decided otherwise) leaves nothing to sign off: its waiting
    decision is void (called inside the transaction of every status change). A send-back is
    refused instead: one officer must not undo what waits for another's sign-off (a correction
    not made in time would end the case with no second officer)."""
    if not case.service.stages:  # no query for the services without stages: most of them
        return
    waiting = PreparedDecision.objects.filter(case_id=case.pk, outcome=PreparedOutcome.OPEN)
    if case.status == CaseStatus.SENT_BACK and waiting.exists():
        raise Conflict("stage.send_back_prepared")
    PreparedDecision.objects.filter(case_id=case.pk, outcome=PreparedOutcome.OPEN).update(
        outcome=PreparedOutcome.VOID, ended_at=timezone.now()
    )
    void_consultations(case)


def _locked(case: Case) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("application", "service", "agency")
        .get(pk=case.pk)
    )
    if locked.status not in PENDING_CASE_STATUSES:
        raise Conflict("case.already_decided")
    return locked


def _waiting(case: Case) -> PreparedDecision:
    prepared = (
        PreparedDecision.objects.select_for_update()
        .filter(case_id=case.pk, outcome=PreparedOutcome.OPEN)
        .first()
    )
    if prepared is None:
        raise Conflict("stage.nothing_to_sign")
    return prepared


def _ensure_not_consulting(stage: dict[str, Any]) -> None:
    """A decision waiting for another agency's answer is neither signed off nor returned: the
    answer (or the end of its term) moves it on."""
    if stage.get("consult"):
        raise Conflict("stage.consulting")


def _acted(stage: str, officer: Any) -> dict[str, Any]:
    return {"stage": stage, "officer": officer.pk, "at": timezone.now().isoformat()}


def _refusal(*, prepared: PreparedDecision, stage: dict[str, Any], officer: Any) -> str:
    """Why ``officer`` may not act at ``stage`` (a message code), or "" when they may."""
    if stage["four_eyes"] and officer.pk in {a["officer"] for a in prepared.acted}:
        return "stage.four_eyes"  # said first: a role would not help
    if stage["role"] != REVIEWER and not has_role(officer, stage["role"]):
        return "stage.role_required"
    return ""


def _refuse(*, case: Case, stage: str, why: str, officer: Any, channel: str) -> None:
    """Audit the refusal (outside the transaction it rolled back) and raise it."""
    record_audit(actor=officer, action="case.stage_refused", obj=case, channel=channel,
                 details={"stage": stage, "why": why})  # fmt: skip
    raise Forbidden(why)
