"""Officers' endpoints: the agency's queue, a case, assignment, decisions and their reversal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from qyzmet.api.callers import officer_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.presenters import case_detail, case_out
from qyzmet.api.schemas import (
    AssignIn,
    CaseDetail,
    CaseOut,
    DecisionIn,
    ReturnIn,
    ReversalIn,
    SendBackIn,
)
from qyzmet.applications.corrections import send_back
from qyzmet.applications.decisions import assign_case
from qyzmet.applications.models import CaseStatus
from qyzmet.applications.reversals import reverse_case
from qyzmet.applications.selectors import agency_queue, case_for_officer
from qyzmet.callers.shapes import Shape
from qyzmet.casework.stages import decide_at_stage, return_to_review, sign_off
from qyzmet.core.errors import NotFound

router = Router(tags=["cases"])
CHANNEL = "api"


class QueueFilters(Shape):
    status: CaseStatus | None = None
    service: str | None = None
    overdue: bool = False
    assigned_to_me: bool = False
    escalated: bool = False


@router.get("/cases", response=list[CaseOut], openapi_extra=PAGED)
def list_cases(
    request: HttpRequest,
    filters: Query[QueueFilters],
    page: Query[PageQuery],
    response: HttpResponse,
) -> list[dict[str, Any]]:
    """The queue of the officer's agency, earliest due date first, a page at a time: the next
    one is in the `Link` header."""
    chosen = filters.model_dump()
    escalated = chosen.pop("escalated")
    cases = agency_queue(officer_of(request), **chosen).select_related("agency")
    if escalated:  # escalated before their legal deadline
        cases = cases.filter(escalation__isnull=False)
    found, cursor = page_of(cases, page, order=("due_date", "created_at", "pk"))
    link_next(request, response, cursor)
    return [case_out(c) for c in found]


@router.get("/cases/{case_id}", response=CaseDetail)
def get_case(request: HttpRequest, case_id: str) -> dict[str, Any]:
    """A case of the officer's agency with the registry extract and its history."""
    return case_detail(case_for_officer(officer_of(request), case_id, channel=CHANNEL))


@router.post("/cases/{case_id}/assign", response=CaseDetail)
def assign(request: HttpRequest, case_id: str, payload: AssignIn) -> dict[str, Any]:
    """Take a case for review, or give it to another officer of the agency."""
    officer = officer_of(request)
    assignee = None
    if payload.assignee:
        assignee = get_user_model().objects.filter(username=payload.assignee).first()
        if assignee is None:
            raise NotFound("not_found.officer")
    case = case_for_officer(officer, case_id, channel=CHANNEL)
    assign_case(case=case, officer=officer, assignee=assignee, channel=CHANNEL)
    return case_detail(case_for_officer(officer, case_id, channel=CHANNEL))


@router.post("/cases/{case_id}/decision", response=CaseDetail)
def decide(request: HttpRequest, case_id: str, payload: DecisionIn) -> dict[str, Any]:
    """Approve a case, or reject it with a reason the citizen will read. For a service whose
    catalogue names stages, the decision is prepared instead: the case shows it as
    `prepared_decision`, waiting at its `stage` for a supervisor's sign-off."""
    officer = officer_of(request)
    case = case_for_officer(officer, case_id, channel=CHANNEL)
    decide_at_stage(
        case=case, officer=officer, approve=payload.decision == "approve",
        reason=payload.reason, channel=CHANNEL,
    )  # fmt: skip
    return case_detail(case_for_officer(officer, case_id, channel=CHANNEL))


@router.post("/cases/{case_id}/reversal", response=CaseDetail)
def reverse(request: HttpRequest, case_id: str, payload: ReversalIn) -> dict[str, Any]:
    """Reverse the approval or rejection of a case, on a ground and with a reason (officers
    allowed to reverse decisions only): the case becomes `reversed` and awaits a new decision,
    its result document is revoked and the citizen is told. Reversing it again is a 409."""
    officer = officer_of(request)
    case = case_for_officer(officer, case_id, channel=CHANNEL)
    reverse_case(
        case=case, officer=officer, ground=payload.ground, reason=payload.reason, channel=CHANNEL
    )
    return case_detail(case_for_officer(officer, case_id, channel=CHANNEL))


@router.post("/cases/{case_id}/send-back", response=CaseDetail)
def send_back_case(request: HttpRequest, case_id: str, payload: SendBackIn) -> dict[str, Any]:
    """Send a case back to the citizen to correct the `fields` named and to replace or add the
    `documents` named (ids of the service's attachments), with a `message` they read as
    written. Its deadline stops until they resubmit; not corrected within the term the
    catalogue gives (`correction.term_days`), the case ends as the catalogue says. A 409 when
    the service gives no term or the case waits for no decision."""
    officer = officer_of(request)
    case = case_for_officer(officer, case_id, channel=CHANNEL)
    send_back(case=case, officer=officer, fields=payload.fields, documents=payload.documents,
              message=payload.message, channel=CHANNEL)  # fmt: skip
    return case_detail(case_for_officer(officer, case_id, channel=CHANNEL))


@router.post("/cases/{case_id}/sign-off", response=CaseDetail)
def sign_off_case(request: HttpRequest, case_id: str) -> dict[str, Any]:
    """Sign off the decision prepared on a case (its `prepared_decision`): at the last stage
    the case is decided as prepared and the citizen is told. A 403 `stage.four_eyes` for the
    officer who prepared it, `stage.role_required` without the stage's role (supervisor); a
    409 when no decision waits."""
    officer = officer_of(request)
    case = case_for_officer(officer, case_id, channel=CHANNEL)
    sign_off(case=case, officer=officer, channel=CHANNEL)
    return case_detail(case_for_officer(officer, case_id, channel=CHANNEL))


@router.post("/cases/{case_id}/return", response=CaseDetail)
def return_case(request: HttpRequest, case_id: str, payload: ReturnIn) -> dict[str, Any]:
    """Return the decision prepared on a case to review with a `note` (required): the case is
    at its first stage again, for a new decision. Refused as a sign-off is."""
    officer = officer_of(request)
    case = case_for_officer(officer, case_id, channel=CHANNEL)
    return_to_review(case=case, officer=officer, note=payload.note, channel=CHANNEL)
    return case_detail(case_for_officer(officer, case_id, channel=CHANNEL))
