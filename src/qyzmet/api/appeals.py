"""Appeals: a citizen (or a partner for them) appeals a case's decision or complains about its
delay, and reads the case's appeals; officers of the appeals body with the role ``appeals``
list the appeals they decide, read one, and decide it (upheld reverses the decision)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Status, UploadedFile

from qyzmet.api.callers import channel_of, citizen_of, made_through_caller, officer_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.schemas import RequestBody, Text
from qyzmet.applications.selectors import application_of, application_seen_by
from qyzmet.attachments.content_types import EXTENSIONS, download_headers, served_type
from qyzmet.callers.shapes import Shape
from qyzmet.casework.appeal_attachments import (
    attach_to_appeal,
    attachments_of_appeal,
    download_name,
    download_own_appeal_document,
    open_appeal_attachment,
)
from qyzmet.casework.appeal_models import Appeal, AppealAttachment
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


class AppealAttachmentOut(Shape):
    id: uuid.UUID
    content_type: str = Field(description="The type detected from the content.")
    size: int = Field(description="Bytes.")
    uploaded_at: datetime.datetime
    deleted: bool = Field(description="Its content was deleted when its retention term ended.")


class AppealOut(Shape):
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
    outcome: str = Field(
        description="open, upheld, dismissed; withdrawn (the case was withdrawn) or moot (a "
        "complaint about a delay closed: the case was decided meanwhile)."
    )
    outcome_reason: str = Field(description="The appeals officer's reasons, as written.")
    outcome_reason_language: str
    decided_at: datetime.datetime | None
    reversal: str | None = Field(description="The reversal an upheld appeal made, if any.")
    attachments: list[AppealAttachmentOut] = Field(
        description="The documents the citizen attached (PDF, JPEG, PNG; scanned)."
    )


class CaseAppealsOut(Shape):
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
        "attachments": [_attachment_out(a) for a in attachments_of_appeal(appeal)],
    }  # fmt: skip


def _attachment_out(attachment: AppealAttachment) -> dict[str, Any]:
    return {"id": attachment.pk, "content_type": attachment.content_type,
            "size": attachment.size, "uploaded_at": attachment.uploaded_at,
            "deleted": attachment.deleted}  # fmt: skip


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


PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
UNSCANNED = {
    "responses": {
        503: {
            "description": "The malware scanner cannot answer now "
            "(`attachment.scanner_unavailable`): nothing was kept; send the file again later.",
            "content": PROBLEM,
        }
    }
}
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file as uploaded.",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in EXTENSIONS},
        }
    }
}


@router.post(
    PATH + "/{appeal_id}/attachments",
    response={201: AppealAttachmentOut},
    openapi_extra=UNSCANNED,
)
def post_appeal_attachment(
    request: HttpRequest,
    application_id: str,
    case_id: str,
    appeal_id: str,
    file: File[UploadedFile],
) -> Status:
    """Attach a document (multipart form data, field `file`) to the citizen's open appeal: a
    PDF, JPEG or PNG by its content, scanned for malware, kept encrypted, read only by the
    officers who decide the appeal. At most `QYZMET_APPEAL_ATTACHMENTS_MAX` files, together
    at most `QYZMET_APPEAL_ATTACHMENTS_MAX_MB`. Refused with 422 and a code:
    `attachment.malware`, `attachment.wrong_type`, `attachment.file_missing`,
    `attachment.too_many`, `appeal.attachments_too_large`; 503 when the scanner cannot answer;
    409 once the appeal is decided or closed; 404 for an appeal not the citizen's."""
    citizen, case = _case(request, application_id, case_id, write=True)
    attachment = attach_to_appeal(
        appeal_id=appeal_id, case=case, citizen=citizen, filename=file.name or "",
        content=file.read(), channel=channel_of(request),
    )  # fmt: skip
    return Status(201, _attachment_out(attachment))


@router.get(
    PATH + "/{appeal_id}/attachments/{attachment_id}/content",
    response={200: None},
    openapi_extra=FILE_RESPONSE,
)
def get_own_appeal_attachment(
    request: HttpRequest, application_id: str, case_id: str, appeal_id: str, attachment_id: str
) -> HttpResponse:
    """A document attached to an appeal of the case, as uploaded, for the citizen (or whoever
    reads the case's appeals: a representative who made the application, the person it was made
    for under a mandate, a company's representative). Saved as `appeal-{id}.pdf|jpg|png`, never
    shown inline. Audited, not shown in the data tracker (it is the citizen's own). 404
    `not_found.appeal` or `not_found.attachment` for another's or an unknown one, 404
    `attachment.deleted` once its retention term has ended."""
    citizen, case = _case(request, application_id, case_id, write=False)
    appeal, attachment = download_own_appeal_document(
        case=case, appeal_id=appeal_id, attachment_id=attachment_id, person=citizen,
        channel=channel_of(request),
    )  # fmt: skip
    return _file(appeal, attachment)


@router.get(
    "/appeals/{appeal_id}/attachments/{attachment_id}/content",
    response={200: None},
    openapi_extra=FILE_RESPONSE,
)
def get_appeal_attachment(request: HttpRequest, appeal_id: str, attachment_id: str) -> HttpResponse:
    """A document of an appeal, for an officer who decides it; each opening is audited and
    shown in the citizen's data tracker (404 `attachment.deleted` once its retention term has
    ended)."""
    officer = officer_of(request)
    appeal = appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL)
    attachment = open_appeal_attachment(appeal=appeal, officer=officer,
                                        attachment_id=attachment_id, channel=CHANNEL)  # fmt: skip
    return _file(appeal, attachment)


def _file(appeal: Appeal, attachment: AppealAttachment) -> HttpResponse:
    return HttpResponse(
        bytes(attachment.content or b""), content_type=served_type(attachment.content_type),
        headers=download_headers(download_name(appeal, attachment)),
    )  # fmt: skip


class AppealFilters(Shape):
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
    """One appeal the officer decides (404 for another body's, as for an unknown id; 403
    without the role)."""
    officer = officer_of(request)
    return appeal_out(appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL))


@router.post("/appeals/{appeal_id}/decision", response=AppealOut)
def post_appeal_decision(
    request: HttpRequest, appeal_id: str, payload: AppealDecisionIn
) -> dict[str, Any]:
    """Decide the appeal: `upheld` reverses the decision appealed (ground `appeal_upheld`,
    the `reason` given) and the case awaits a new decision of its agency; a complaint about a
    delay upheld instructs the agency to decide; `dismissed` tells the citizen the `reason`.
    A 409 when it is decided already or the decision was reversed meanwhile; a 403
    `appeal.own_decision` for an officer who decided, prepared or signed off the decision
    appealed, `appeal.own_delay` for one assigned to (or who acted on) the case a complaint
    about a delay is about (a conflict of interest)."""
    officer = officer_of(request)
    appeal = appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL)
    decided = decide_appeal(appeal=appeal, officer=officer, outcome=payload.outcome,
                            reason=payload.reason, channel=CHANNEL)  # fmt: skip
    return appeal_out(decided)
