"""Consulting another agency at a stage of a case (``{stage, consult, term_days}`` in the
catalogue): when the decision prepared at review reaches the stage, the consulted agency's
officers are asked; they agree or object with a note within the term (working days), and the
decision moves to the next stage with their answer for the case's officers to read. A term that
passes without an answer is ended by the daily job (``end_unanswered_consultations``), once:
the decision moves on noted "no answer in term", or returns to review when the catalogue says
``on_no_answer: return``. The consulted officers read only what they need (the service, the
reference, the prepared decision and, while it is open, the form's fields the stage names):
each opening is audited and written to the citizen's data tracker."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.history import record_case_event
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case
from qyzmet.applications.validation import FieldProblem
from qyzmet.audit.services import record_audit
from qyzmet.casework.consultation_models import (
    Consultation,
    ConsultationAnswer,
    ConsultationOutcome,
)
from qyzmet.casework.consultation_reads import record_opening
from qyzmet.casework.stage_models import PreparedDecision, PreparedOutcome
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.workdays import add_working_days
from qyzmet.core.written import written

NOTE_MAX_LENGTH = 2000
ASKED, ANSWERED, UNANSWERED = (  # history lines (20 letters at most)
    "consultation_asked",
    "consultation_replied",
    "consultation_lapsed",
)
RETURNED = "stage_returned"  # as casework.stages writes it
NO_ANSWER_NOTE = "no answer in term"


def advance(
    *, case: Case, prepared: PreparedDecision, position: int, actor: Any, channel: str
) -> str:
    """Move ``prepared`` to the stage at ``position`` (inside the caller's transaction, the case
    locked); a consultation stage asks its agency at once. Returns the stage's word."""
    stage = case.service.stages[position]
    prepared.stage = stage["stage"]
    prepared.save(update_fields=["acted", "stage"])
    if stage.get("consult"):
        _ask(case=case, prepared=prepared, stage=stage, actor=actor, channel=channel)
    return str(stage["stage"])


def _ask(
    *, case: Case, prepared: PreparedDecision, stage: dict[str, Any], actor: Any, channel: str
) -> Consultation:
    agency = Agency.objects.filter(slug=stage["consult"]).first()
    if agency is None:  # the catalogue validates it; a database without it cannot ask
        raise Conflict("consultation.agency_unknown")
    consultation = Consultation.objects.create(
        case=case, prepared=prepared, stage=stage["stage"], agency=agency,
        term_ends=add_working_days(timezone.localdate(), stage["term_days"]),
    )  # fmt: skip
    record_case_event(case=case, event=ASKED, actor=actor, channel=channel, note=agency.slug)
    record_audit(
        actor=actor, action="case.consultation_asked", obj=case, channel=channel,
        details={"agency": agency.slug, "stage": stage["stage"], "consultation": consultation.pk,
                 "term_ends": consultation.term_ends.isoformat()},
    )  # fmt: skip
    return consultation


def consultation_for_officer(*, officer: Any, consultation_id: Any, channel: str) -> Consultation:
    """The consultation ``consultation_id`` asked of the officer's agency, for them to read and
    answer; its opening is audited and written to the citizen's data tracker. An officer of
    another agency is refused, audited: the consulting one is forbidden (they read the case
    itself), any other is told it is not found, as for an unknown id."""
    consultation = _found(consultation_id)
    _ensure_consulted(consultation, officer, channel)
    record_opening(consultation=consultation, officer=officer, channel=channel)
    return consultation


def answer_consultation(
    *,
    consultation_id: Any,
    officer: Any,
    agree: bool,
    note: str,
    channel: str,
    language: str = "",
) -> Consultation:
    """The consulted agency's answer: agree or object (an objection needs a note saying why),
    after which the decision moves to the next stage and the case's officers read the answer.

    ``Forbidden`` for an officer of the consulting agency, ``NotFound`` for one of any other
    (audited); ``Invalid`` for an objection
    without a note or a note too long; ``Conflict`` when it was answered (or ended) already."""
    consultation = _found(consultation_id)
    _ensure_consulted(consultation, officer, channel)
    note = (note or "").strip()
    if not agree and not note:
        raise Invalid(
            "consultation.note_invalid", [FieldProblem("note", "consultation.note_required")]
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise Invalid(
            "consultation.note_invalid",
            [FieldProblem("note", "max_length", {"limit": NOTE_MAX_LENGTH})],
        )
    with transaction.atomic():
        consultation, case = _locked(consultation.pk)
        consultation.outcome = ConsultationOutcome.ANSWERED
        consultation.answer = ConsultationAnswer.AGREE if agree else ConsultationAnswer.OBJECT
        consultation.note = [written(note, language)] if note else []
        consultation.answered_by = officer
        consultation.ended_at = timezone.now()
        consultation.save(update_fields=["outcome", "answer", "note", "answered_by", "ended_at"])
        said = f"{consultation.answer}: {note}" if note else consultation.answer
        record_case_event(case=case, event=ANSWERED, actor=officer, channel=channel, note=said)
        record_audit(
            actor=officer, action="case.consultation_answered", obj=case, channel=channel,
            details={"consultation": consultation.pk, "answer": consultation.answer,
                     "agency": consultation.agency.slug},
        )  # fmt: skip
        _next(case, consultation, officer, channel)
    return consultation


def end_unanswered_consultations(*, today: datetime.date | None = None) -> int:
    """End every consultation whose term passed (its last day before ``today``) as the
    catalogue says, each in its own transaction with it locked, so two runs at once end it
    once; returns how many this run ended."""
    today = today or timezone.localdate()
    due = Consultation.objects.filter(outcome=ConsultationOutcome.OPEN, term_ends__lt=today)
    return sum(_end_one(pk) for pk in due.order_by("pk").values_list("pk", flat=True))


def _end_one(pk: int) -> int:
    with transaction.atomic():
        try:
            consultation, case = _locked(pk)
        except Conflict:
            return 0  # answered meanwhile, or the case moved (its consultation is void)
        consultation.outcome = ConsultationOutcome.NO_ANSWER
        consultation.ended_at = timezone.now()
        consultation.save(update_fields=["outcome", "ended_at"])
        record_case_event(case=case, event=UNANSWERED, actor=None, channel="system",
                          note=NO_ANSWER_NOTE)  # fmt: skip
        record_audit(
            actor=None, action="case.consultation_unanswered", obj=case, channel="system",
            details={"consultation": consultation.pk, "agency": consultation.agency.slug,
                     "term_ends": consultation.term_ends.isoformat()},
        )  # fmt: skip
        _, stage = _position(case, consultation.stage)
        if stage.get("on_no_answer") == "return":
            _return(case, consultation.prepared)
        else:
            _next(case, consultation, None, "system")
    return 1


def void_consultations(case: Case) -> None:
    """The decision a consultation was about is void (the case moved): nothing to answer."""
    Consultation.objects.filter(case_id=case.pk, outcome=ConsultationOutcome.OPEN).update(
        outcome=ConsultationOutcome.VOID, ended_at=timezone.now()
    )


def _next(case: Case, consultation: Consultation, actor: Any, channel: str) -> None:
    prepared = consultation.prepared
    position, _ = _position(case, consultation.stage)
    advance(case=case, prepared=prepared, position=position + 1, actor=actor, channel=channel)


def _return(case: Case, prepared: PreparedDecision) -> None:
    prepared.outcome = PreparedOutcome.RETURNED
    prepared.ended_at = timezone.now()
    prepared.note = [written(NO_ANSWER_NOTE, "en")]
    prepared.save(update_fields=["outcome", "ended_at", "note"])
    record_case_event(case=case, event=RETURNED, actor=None, channel="system", note=NO_ANSWER_NOTE)


def _position(case: Case, name: str) -> tuple[int, dict[str, Any]]:
    for i, stage in enumerate(case.service.stages):
        if stage["stage"] == name:
            return i, stage
    raise Conflict("stage.unknown")


def _found(consultation_id: Any) -> Consultation:
    try:
        pk = int(consultation_id)
    except (TypeError, ValueError):
        raise NotFound("not_found.consultation") from None
    found = (
        Consultation.objects.select_related(
            "agency", "case__application", "case__service", "case__agency", "prepared"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("not_found.consultation")
    return found


def _ensure_consulted(consultation: Consultation, officer: Any, channel: str) -> None:
    if getattr(officer, "agency_id", None) != consultation.agency_id:
        record_audit(
            actor=officer, action="consultation.access_denied", obj=consultation.case,
            channel=channel, details={"consultation": consultation.pk,
                                      "officer_agency": getattr(officer, "agency_id", None)},
        )  # fmt: skip
        if getattr(officer, "agency_id", None) != consultation.case.agency_id:
            raise NotFound("not_found.consultation")  # no oracle of other agencies' ids
        raise Forbidden("consultation.other_agency")


def _locked(pk: int) -> tuple[Consultation, Case]:
    """The open consultation ``pk`` and its pending case, both locked (case first, as every
    change of a case locks it)."""
    case_id = Consultation.objects.values_list("case_id", flat=True).get(pk=pk)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("application", "service", "agency")
        .get(pk=case_id)
    )
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("agency", "prepared")
        .get(pk=pk)
    )
    if consultation.outcome != ConsultationOutcome.OPEN:
        raise Conflict("consultation.closed")
    if case.status not in PENDING_CASE_STATUSES:
        raise Conflict("case.already_decided")
    return consultation, case
