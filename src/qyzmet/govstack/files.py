"""Application files: a citizen submits, reads and (as a draft) updates their applications; an
officer reads the applications in which their agency has a case. Each change goes through
the domain functions, with the calling subsystem as its channel (``govstack:<client>``)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Header, Query, Router

from qyzmet.applications import services
from qyzmet.applications.corrections import open_correction, resubmit_correction
from qyzmet.applications.models import Application, ApplicationStatus, CaseStatus
from qyzmet.applications.selectors import (
    agency_applications,
    application_of,
    application_seen_by,
    applications_seen_by,
)
from qyzmet.applications.validation import FieldProblem
from qyzmet.core.errors import Invalid, NotFound
from qyzmet.govstack.auth import (
    READ,
    WRITE,
    acting_citizen,
    acting_officer,
    channel_for,
    citizen_required,
    made_through_caller,
    only_made_through_caller,
)
from qyzmet.govstack.catalog import current_service, eform_id
from qyzmet.govstack.client import ClientHeader, channel_of, parse_client
from qyzmet.govstack.errors import GovStackError, fields_under
from qyzmet.govstack.paging import page_of
from qyzmet.govstack.presenters import file_entry, file_out
from qyzmet.govstack.schemas import ApplicationFileSubmit, FileFilters, Text, as_uuid
from qyzmet.representation.selectors import company_bins_of

router = Router(tags=["Applicant", "Operator"])
IdempotencyKey = Header(None, alias="Idempotency-Key", max_length=255)
ORDERINGS = {
    "id": "id",
    "created": "created_at",
    "dueDate": "due",
    "assignee": "assignee",
    "name": "service_slug",
}


def applicant(request: HttpRequest, applicant_id: str) -> Any:
    """The signed-in citizen, who must be the applicant the body names."""
    citizen = citizen_required(request, WRITE)
    if applicant_id != citizen.iin:
        raise GovStackError(403, "govstack.applicant_mismatch")
    return citizen


def form_values(
    payload: ApplicationFileSubmit, *, service_ids: list[str], eform: str | None
) -> dict[str, dict[str, Any]] | None:
    """The form values per service id, checked against the file's services and eForm."""
    problems = []
    form = payload.formData
    if form and form.eFormId is not None and form.eFormId != eform:
        problems.append(FieldProblem("formData.eFormId", "govstack.eform_not_current"))
    data = form.data if form else None
    problems += [
        FieldProblem(f"formData.data.{key}", "unknown_field")
        for key in data or {}
        if key not in service_ids
    ]
    if problems:
        raise Invalid("invalid_application", problems)
    return data


def visible_file(request: HttpRequest, file_id: str, *, followed: bool = False) -> Application:
    """The caller's own application (``followed``: or one made in their name or their
    company's), or one in which the officer's agency has a case."""
    officer = acting_officer(request)
    if officer is None:
        citizen = acting_citizen(request, READ)
        if citizen is None:
            raise NotFound("not_found.application")
        if followed:
            seen = application_seen_by(citizen, file_id, companies=company_bins_of(citizen))
            return made_through_caller(request, seen)
        return made_through_caller(request, application_of(citizen, file_id))
    pk = as_uuid(file_id)
    found = agency_applications(officer).filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound("not_found.application")
    return found


@router.post("/services/{serviceId}/applications")
def submit_file(
    request: HttpRequest,
    serviceId: Text,
    payload: ApplicationFileSubmit,
    client: str | None = ClientHeader,
    idempotency_key: str | None = IdempotencyKey,
) -> dict[str, Any]:
    """Submit an application for one service (the ``Idempotency-Key`` header makes a retry
    safe); it is split into a case for the service's agency at once."""
    channel = channel_for(request, channel_of(parse_client(client)))
    citizen = applicant(request, payload.applicantId)
    version = current_service(serviceId).current
    assert version is not None
    data = form_values(payload, service_ids=[version.slug], eform=eform_id(version))
    with fields_under("formData", documents="documentUrls"):
        application = services.submit_application(
            citizen=citizen, channel=channel, service=version.slug, data=data,
            idempotency_key=idempotency_key, on_behalf_of=payload.onBehalfOf,
            documents=payload.documentUrls or (),
        )  # fmt: skip
    return file_out(application_of(citizen, application.pk))


def _sortable(rows: QuerySet[Application], agency_id: int | None) -> QuerySet[Application]:
    own = (
        Q(cases__agency_id=agency_id) & ~Q(cases__status=CaseStatus.AWAITING_PAYMENT)
        if agency_id is not None
        else Q()
    )
    return rows.annotate(
        due=Min("cases__due_date", filter=own),
        assignee=Min("cases__assigned_to__username", filter=own),
        service_slug=Coalesce(
            F("service__service__slug"), F("life_situation__life_situation__slug")
        ),
    )


@router.get("/applications")
def list_files(
    request: HttpRequest, filters: Query[FileFilters], client: str | None = ClientHeader
) -> list[dict[str, Any]]:
    """A citizen's applications (their own, and those made in their name or their company's),
    or an officer's the applications in which their agency has a case; newest first unless
    ``sortBy`` says otherwise."""
    parse_client(client)
    officer = acting_officer(request)
    if officer is not None:
        rows = agency_applications(officer)
    else:
        citizen = citizen_required(request, READ)
        rows = only_made_through_caller(
            request,
            applications_seen_by(citizen, companies=company_bins_of(citizen))
            .select_related("citizen")
            .prefetch_related("cases__service", "cases__agency", "cases__assigned_to"),
        )
    if filters.serviceId:
        rows = rows.filter(
            Q(service__service__slug=filters.serviceId)
            | Q(life_situation__life_situation__slug=filters.serviceId)
        )
    if filters.applicantId:
        rows = rows.filter(citizen__iin=filters.applicantId)
    if filters.sortBy:
        rows = _sortable(rows, officer.agency_id if officer else None)
    page = page_of(rows, filters, orderings=ORDERINGS, default=("-created_at", "pk"))
    return [file_entry(a) for a in page]


@router.get("/applications/{fileId}")
def get_file(
    request: HttpRequest, fileId: Text, client: str | None = ClientHeader
) -> dict[str, Any]:
    """One application file with its form values per service."""
    parse_client(client)
    return file_out(visible_file(request, fileId, followed=True))


@router.put("/applications/{fileId}")
def update_file(
    request: HttpRequest,
    fileId: Text,
    payload: ApplicationFileSubmit,
    client: str | None = ClientHeader,
) -> dict[str, Any]:
    """Save form values into a citizen's draft (merged into what is there); or, for a file sent
    back for correction (status SENDBACK), resubmit it with the fields its tasks named
    corrected (the other values are kept: sent again unchanged, they are ignored). Officers do
    not change what a citizen submitted; they complete the task instead."""
    channel = channel_for(request, channel_of(parse_client(client)))
    application = visible_file(request, fileId)
    if acting_officer(request) is not None:
        raise GovStackError(403, "govstack.officers_do_not_edit")
    citizen = applicant(request, payload.applicantId)
    eform = eform_id(application.service) if application.service else None
    data = form_values(payload, service_ids=list(application.service_versions), eform=eform)
    if payload.documentUrls and application.status != ApplicationStatus.SENT_BACK:
        problem = FieldProblem("documentUrls", "govstack.documents_on_submission")
        raise Invalid("invalid_application", [problem])
    with fields_under("formData", documents="documentUrls"):
        if application.status == ApplicationStatus.SENT_BACK:
            _resubmit(application, citizen=citizen, data=data or {}, channel=channel,
                      documents=payload.documentUrls or [])  # fmt: skip
        else:
            services.save_draft(
                application=application, citizen=citizen, channel=channel, data=data
            )
    return file_out(application_of(citizen, application.pk))


def _resubmit(
    application: Application, *, citizen: Any, data: dict[str, Any], channel: str,
    documents: list[str],
) -> None:  # fmt: skip
    """Each case sent back, resubmitted with its service's values in ``data``: the fields named
    and any other value that differs (which the correction refuses); and the held documents
    (``documents``) of its service."""
    for case in application.cases.filter(status=CaseStatus.SENT_BACK):
        correction = open_correction(case)
        if correction is None:
            continue
        given = data.get(case.service.slug) or {}
        named = set(correction.field_names)
        changed = {
            name: value for name, value in given.items()
            if name in named or value != case.data.get(name)
        }  # fmt: skip
        resubmit_correction(case=case, citizen=citizen, data=changed, channel=channel,
                            documents=documents)  # fmt: skip
