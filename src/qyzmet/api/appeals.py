"""Appeals: a citizen (or a partner for them) appeals a case's decision or complains about its
delay, and reads the case's appeals; officers of the appeals body with the role ``appeals``
list the appeals they decide, read one, and decide it (upheld reverses the decision)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from qyzmet.api.callers import channel_of, citizen_of, made_through_caller, officer_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.schemas import RequestBody, Text
from qyzmet.applications.selectors import application_of, application_seen_by
from qyzmet.casework.appeal_models import Appeal
from qyzmet.casework.appeal_selectors import appeals_of_case, appeals_queue, is_overdue
from qyzmet.casework.appeals import (
    appeal_last_day,
    appeal_of,
    appeal_offered,
    decide_appeal,
    file_appeal,
)
from qyzmet.core.errors import NotFound
from qyzmet.representation.selectors import company_bins_of

router = Router(tags=["appeals"])
READ, WRITE = "applications:read", "applications:write"
CHANNEL = "api"


class AppealIn(RequestBody):
    reasons: str = Field(
        "", max_length=4000, description="Required: why the citizen appeals; read as written."
    )


class AppealDecisionIn(RequestBody):
    outcome: str = Field(
        description="`upheld` (an appeal of a decision reverses it: the case awaits a new "
        "decision) or `dismissed`."
    )
    reason: str = Field(
        "", max_length=4000, description="Required: the reasons the citizen reads as written."
    )


class AppealOut(Schema):
    id: str
    case: uuid.UUID
    application: uuid.UUID
    service: str
    kind: str = Field(description="`decision` (an appeal of it) or `delay` (a complaint).")
    decision: str = Field(description="The decision appealed (approved, rejected), or empty.")
    reasons: str = Field(description="The citizen's reasons, as written.")
    reasons_language: str
    body: str = Field(description="The agency that decides it.")
    body_name: Text
    filed_at: datetime.datetime
    due_date: datetime.date = Field(description="The last day to decide it (working days).")
    overdue: bool = Field(description="Still open after its due date.")
    outcome: str = Field(description="open, upheld, dismissed or withdrawn.")
    outcome_reason: str = Field(description="The appeals officer's reasons, as written.")
    outcome_reason_language: str
    decided_at: datetime.datetime | None
    reversal: str | None = Field(description="The reversal an upheld appeal made, if any.")


class CaseAppealsOut(Schema):
    offered: str | None = Field(
        description="What may be filed today: `decision`, `delay`, or null (none, or one open)."
    )
    last_day: datetime.date | None = Field(description="The last day to appeal the decision.")
    appeals: list[AppealOut]


def appeal_out(appeal: Appeal) -> dict[str, Any]:
    case = appeal.case
    return {
        "id": str(appeal.pk), "case": case.pk, "application": case.application_id,
        "service": case.service.slug, "kind": appeal.kind, "decision": appeal.decision,
        "reasons": appeal.reasons.get("written", ""),
        "reasons_language": appeal.reasons.get("language", ""),
        "body": appeal.body.slug, "body_name": appeal.body.name, "filed_at": appeal.filed_at,
        "due_date": appeal.due_date, "overdue": is_overdue(appeal), "outcome": appeal.outcome,
        "outcome_reason": appeal.outcome_reason.get("written", ""),
        "outcome_reason_language": appeal.outcome_reason.get("language", ""),
        "decided_at": appeal.decided_at,
        "reversal": str(appeal.reversal_id) if appeal.reversal_id else None,
    }  # fmt: skip


def _case(request: HttpRequest, application_id: str, case_id: str, *, write: bool) -> Any:
    citizen = citizen_of(request, WRITE if write else READ)
    if write:
        application = application_of(citizen, application_id)
    else:
        companies = company_bins_of(citizen)
        application = application_seen_by(citizen, application_id, companies=companies)
    application = made_through_caller(request, application)
    case = (
        application.cases.select_related("service", "application", "agency")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound("not_found.case")
    return citizen, case


PATH = "/applications/{application_id}/cases/{case_id}/appeals"


@router.get(PATH, response=CaseAppealsOut)
def list_case_appeals(request: HttpRequest, application_id: str, case_id: str) -> dict[str, Any]:
    """The case's appeals, oldest first, and what may be filed about it today."""
    _, case = _case(request, application_id, case_id, write=False)
    return {
        "offered": appeal_offered(case),
        "last_day": appeal_last_day(case),
        "appeals": [appeal_out(a) for a in appeals_of_case(case)],
    }


@router.post(PATH, response={201: AppealOut})
def post_appeal(
    request: HttpRequest, application_id: str, case_id: str, payload: AppealIn
) -> Status:
    """Appeal the case's decision within the catalogue's term (`appeal.term_days` calendar
    days after it), or complain about its delay once it is past its due date, with `reasons`.
    It goes to the body that decides the agency's appeals, due within `appeal.decision_days`
    working days. A 409 when one is open already, the term has passed (the message names the
    last day), the case is not late yet or has nothing to appeal; a 422 without reasons."""
    citizen, case = _case(request, application_id, case_id, write=True)
    appeal = file_appeal(case=case, citizen=citizen, reasons=payload.reasons,
                         channel=channel_of(request))  # fmt: skip
    return Status(201, appeal_out(appeal))


class AppealFilters(Schema):
    decided: bool = Field(False, description="The decided ones too, latest first.")


@router.get("/appeals", response=list[AppealOut], openapi_extra=PAGED)
def list_appeals(
    request: HttpRequest,
    filters: Query[AppealFilters],
    page: Query[PageQuery],
    response: HttpResponse,
) -> list[dict[str, Any]]:
    """The appeals the officer's agency decides (open ones, earliest due first; with
    `decided=true` every one, latest first), a page at a time; none for an officer without
    the role `appeals`."""
    officer = officer_of(request)
    found = appeals_queue(officer=officer, open_only=not filters.decided)
    order = ("-filed_at", "-pk") if filters.decided else ("due_date", "filed_at", "pk")
    rows, cursor = page_of(found, page, order=order)
    link_next(request, response, cursor)
    return [appeal_out(a) for a in rows]


@router.get("/appeals/{appeal_id}", response=AppealOut)
def get_appeal(request: HttpRequest, appeal_id: str) -> dict[str, Any]:
    """One appeal the officer decides (403 for another body's or without the role)."""
    officer = officer_of(request)
    return appeal_out(appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL))


@router.post("/appeals/{appeal_id}/decision", response=AppealOut)
def post_appeal_decision(
    request: HttpRequest, appeal_id: str, payload: AppealDecisionIn
) -> dict[str, Any]:
    """Decide the appeal: `upheld` reverses the decision appealed (ground `appeal_upheld`,
    the `reason` given) and the case awaits a new decision of its agency; a complaint about a
    delay upheld instructs the agency to decide; `dismissed` tells the citizen the `reason`.
    A 409 when it is decided already or the decision was reversed meanwhile."""
    officer = officer_of(request)
    appeal = appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL)
    decided = decide_appeal(appeal=appeal, officer=officer, outcome=payload.outcome,
                            reason=payload.reason, channel=CHANNEL)  # fmt: skip
    return appeal_out(decided)
