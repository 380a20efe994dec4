"""Citizens' endpoints: start, save, submit, read and withdraw applications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from qyzmet.api.assistant import conversation_of
from qyzmet.api.callers import (
    channel_of,
    citizen_of,
    made_through_caller,
    only_made_through_caller,
)
from qyzmet.api.idempotency import claimed_fresh, key_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.presenters import application_detail, listed_application_out
from qyzmet.api.schemas import (
    ApplicationDetail,
    ApplicationIn,
    ApplicationOut,
    CorrectionIn,
    DraftIn,
    SubmitIn,
    WithdrawIn,
)
from qyzmet.applications import services, step_checks
from qyzmet.applications.corrections import resubmit_correction
from qyzmet.applications.history import held_in_memory
from qyzmet.applications.models import Application
from qyzmet.applications.selectors import (
    application_of,
    application_seen_by,
    applications_listed_for,
)
from qyzmet.applications.signature_checks import SignatureIn
from qyzmet.assistant.records import record_applied
from qyzmet.core.clients import client_address
from qyzmet.core.errors import NotFound
from qyzmet.representation.selectors import company_bins_of

router = Router(tags=["applications"])
READ, WRITE = "applications:read", "applications:write"


def code_requester(request: HttpRequest, citizen: Any) -> str:
    """Who asks for and types an SMS code through the API: the channel (the citizen's own
    app, or a partner) for that citizen; its wrong codes count against it alone."""
    return f"api:{channel_of(request)}:{citizen.pk}"


def _application(request: HttpRequest, citizen: Any, application_id: Any) -> Application:
    """The citizen's application; for a partner, only one made through that partner."""
    return made_through_caller(request, application_of(citizen, application_id))


def _detail(request: HttpRequest, application_id: Any) -> dict[str, Any]:
    citizen = citizen_of(request, READ)
    return application_detail(_application(request, citizen, application_id))


def _seen(request: HttpRequest, application_id: Any) -> dict[str, Any]:
    """One application the citizen follows: theirs, or one made in their name or their
    company's (for a partner, made through it)."""
    citizen = citizen_of(request, READ)
    found = application_seen_by(citizen, application_id, companies=company_bins_of(citizen))
    return application_detail(made_through_caller(request, found))


@router.post("/applications", response={201: ApplicationDetail})
def create_application(request: HttpRequest, payload: ApplicationIn) -> Status:
    """Start a draft for a life situation or one service, pre-filled from the registries;
    with ``submit: true`` submit it at once (send an ``Idempotency-Key`` to retry safely).
    Questions the registries answer and form values earlier answers give are pre-set where
    you leave them out (``presets`` says which, and what to show instead of asking); what you
    send stands. ``prefilled`` has each registry value as it is and in words (``display``) in
    the language of ``Accept-Language``.
    With the ``conversation`` sent to ``/assistant/route``, the assistant's answer there is
    linked to the application."""
    citizen = citizen_of(request, WRITE)
    channel = channel_of(request)
    request_fields = payload.model_dump(exclude={"submit", "conversation"})
    if payload.submit:
        application = services.submit_application(
            citizen=citizen, channel=channel, idempotency_key=key_of(request),
            key_claimed=claimed_fresh(request), answer_held=True, **request_fields,
        )  # fmt: skip
    else:
        application = services.start_application(citizen=citizen, channel=channel, **request_fields)
    record_applied(
        conversation=conversation_of(request, payload.conversation), application=application
    )
    if held_in_memory(application):  # written in this call: answered as written, not re-read
        return Status(201, application_detail(made_through_caller(request, application)))
    return Status(201, _detail(request, application.pk))  # a retry answered as the first


@router.get("/applications", response=list[ApplicationOut], openapi_extra=PAGED)
def list_applications(
    request: HttpRequest, page: Query[PageQuery], response: HttpResponse
) -> list[dict[str, Any]]:
    """The applications the citizen follows, newest first (for a partner: those made through
    it), a page at a time: the next one is in the `Link` header. Besides their own, those a
    representative made in their name under a mandate and those of the companies the
    business registry names them head of: `made_by_iin`, `ground` and `mandate` say who made
    each and on what ground."""
    citizen = citizen_of(request, READ)
    seen = applications_listed_for(citizen, companies=company_bins_of(citizen))
    applications = only_made_through_caller(request, seen)
    found, cursor = page_of(applications, page, order=("-created_at", "-pk"))
    link_next(request, response, cursor)
    return [listed_application_out(a) for a in found]


@router.get("/applications/{application_id}", response=ApplicationDetail)
def get_application(request: HttpRequest, application_id: str) -> dict[str, Any]:
    """One application with its pre-filled data, cases and history: the citizen's own, or
    one made in their name (which only the one who made it changes)."""
    return _seen(request, application_id)


@router.patch("/applications/{application_id}", response=ApplicationDetail)
def save_application(request: HttpRequest, application_id: str, payload: DraftIn) -> dict:
    """Save answers and form values of a draft (merged into what is there). A value the
    registries refuse (an address code no address has, the address the applicant is already
    registered at) is answered at once with its field (422); what was sent is kept in the draft
    all the same, as the portal and the chat keep what was typed. Other problems (a missing
    field) wait for submission. An answer sent as ``null`` is pre-set again where the state
    has one (``presets``)."""
    citizen = citizen_of(request, WRITE)
    step_checks.save_checked_draft(
        application=_application(request, citizen, application_id), citizen=citizen,
        channel=channel_of(request),
        answers=payload.answers, data=payload.data,
    )  # fmt: skip
    return _detail(request, application_id)


@router.post("/applications/{application_id}/submit", response=ApplicationDetail)
def submit_application(
    request: HttpRequest, application_id: str, payload: SubmitIn | None = None
) -> dict[str, Any]:
    """Submit a draft: it is split into one case per service and agency. A service that asks
    for a signature needs the applicant's `signature` of the draft's document (see
    `GET /applications/{id}/signing`); without it, or with one that does not hold, the answer
    is a 422 saying why."""
    citizen = citizen_of(request, WRITE)
    signed = payload.signature if payload else None
    signature = None
    if signed:
        signature = SignatureIn.from_base64(
            signed.signed_xml or "", signed.sms_code or "",
            requester=code_requester(request, citizen), address=client_address(request),
        )  # fmt: skip
    services.submit_application(
        citizen=citizen, channel=channel_of(request),
        application=_application(request, citizen, application_id),
        answers=payload.answers if payload else None, data=payload.data if payload else None,
        idempotency_key=key_of(request), signature=signature,
    )  # fmt: skip
    return _detail(request, application_id)


@router.post("/applications/{application_id}/withdraw", response=ApplicationDetail)
def withdraw_application(
    request: HttpRequest, application_id: str, payload: WithdrawIn | None = None
) -> dict[str, Any]:
    """Withdraw a draft, or the cases of an application not yet decided."""
    citizen = citizen_of(request, WRITE)
    services.withdraw_application(
        application=_application(request, citizen, application_id), citizen=citizen,
        channel=channel_of(request),
        reason=payload.reason if payload else "",
    )  # fmt: skip
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/cases/{case_id}/correction", response=ApplicationDetail
)
def correct_case(
    request: HttpRequest, application_id: str, case_id: str, payload: CorrectionIn
) -> dict[str, Any]:
    """Resubmit a case sent back for correction with new values of the fields its
    `correction` names; the others are kept. The documents it names must have been uploaded
    since (`POST /applications/{id}/attachments`, which takes them while the case is sent
    back), else a 422 `correction.document_required` names each. The values are checked as on
    submission (a 422 names each field); nothing changed is a 422 too; a case not sent back,
    or whose term has passed, a 409.
    The case then awaits a decision again and its deadline restarts."""
    citizen = citizen_of(request, WRITE)
    application = _application(request, citizen, application_id)
    case = next((c for c in application.cases.all() if str(c.pk) == case_id.lower()), None)
    if case is None:
        raise NotFound("not_found.case")
    resubmit_correction(case=case, citizen=citizen, data=payload.data, channel=channel_of(request))
    return _detail(request, application_id)
