"""Visits to service centres: the centres serving a service and their free times (public, like
the catalogue); a case's visit read, booked or moved (PUT) and cancelled (DELETE) by the
citizen or a partner acting for them, with the scopes of the other application endpoints."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Status
from pydantic import AwareDatetime

from qyzmet.api.callers import channel_of, citizen_of, made_through_caller
from qyzmet.api.schemas import RequestBody, Text
from qyzmet.applications.models import Case
from qyzmet.applications.selectors import application_of, application_seen_by
from qyzmet.appointments.models import Visit
from qyzmet.appointments.selectors import centre_named, centres_serving, latest_visits_by_case
from qyzmet.appointments.services import book_visit, booked_visit, cancel_visit, move_visit
from qyzmet.appointments.slots import days_of_slots
from qyzmet.callers.shapes import Shape
from qyzmet.catalog.centres import ServiceCentre
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import NotFound
from qyzmet.representation.selectors import company_bins_of

router = Router(tags=["visits"])
READ, WRITE = "applications:read", "applications:write"


class CentreOut(Shape):
    id: str
    name: Text
    address: Text
    agency: str = Field(description="The agency whose officers serve there.")
    opening_hours: dict[str, list[str]] = Field(
        description="Per weekday (mon ... sun) its opening and closing time, local (Asia/Almaty "
        "by default); a weekday left out is closed, and so are public holidays."
    )
    closures: list[datetime.date] = Field(description="Other days it is closed.")
    slot_minutes: int = Field(description="The length of one slot for this service.")
    capacity: int = Field(description="How many people one slot takes.")


class SlotOut(Shape):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: int = Field(description="Places still free (1 .. capacity).")


class SlotsQuery(Shape):
    service: str = Field(description="The service to be booked, e.g. id-card.")
    date_from: datetime.date | None = Field(None, alias="from", description="First day.")
    date_to: datetime.date | None = Field(None, alias="to", description="Last day.")


class VisitIn(RequestBody):
    centre: str = Field(description="The service centre's id.")
    starts_at: AwareDatetime = Field(
        description="The start of a free slot, as listed, with its offset "
        "(2027-02-16T10:00+05:00); a time without one is refused (422 `format.date_time`)."
    )


class VisitOut(Shape):
    id: str
    case: str
    service: str
    centre: str
    centre_name: Text
    address: Text
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str = Field(description="booked, happened (recorded at the centre) or missed.")
    outcome: str = Field(description="What the officer recorded was done at the visit.")
    purpose: Text = Field(description="What the visit is for, from the catalogue.")


def _centre(centre: ServiceCentre, service: str) -> dict[str, Any]:
    rule = centre.slot_rule(service) or {}
    return {
        "id": centre.slug, "name": centre.name, "address": centre.address,
        "agency": centre.agency.slug, "opening_hours": centre.definition["opening_hours"],
        "closures": centre.definition.get("closures", []),
        "slot_minutes": rule.get("slot_minutes", 0), "capacity": rule.get("capacity", 0),
    }  # fmt: skip


def _visit(visit: Visit, case: Case) -> dict[str, Any]:
    return {
        "id": str(visit.pk), "case": str(case.pk), "service": visit.service,
        "centre": visit.centre.slug, "centre_name": visit.centre.name,
        "address": visit.centre.address, "starts_at": timezone.localtime(visit.starts_at),
        "ends_at": timezone.localtime(visit.ends_at),
        "status": visit.status, "outcome": visit.outcome,
        "purpose": (case.service.visit or {}).get("purpose"),
    }  # fmt: skip


@router.get("/services/{service_id}/service-centres", response=list[CentreOut], auth=None)
def list_service_centres(request: HttpRequest, service_id: str) -> list[dict[str, Any]]:
    """The service centres where a visit for this service is booked (none: it needs no visit)."""
    if service_version(service_id) is None:
        raise NotFound("not_found.service")
    return [_centre(c, service_id) for c in centres_serving(service_id)]


@router.get("/service-centres/{centre_id}/slots", response=list[SlotOut], auth=None)
def list_free_slots(
    request: HttpRequest, centre_id: str, query: Query[SlotsQuery]
) -> list[dict[str, Any]]:
    """The centre's free times for a service, from now to the last day open for booking
    (`QYZMET_VISIT_BOOKING_DAYS`), or between `from` and `to`."""
    centre = centre_named(centre_id)
    if centre.slot_rule(query.service) is None:
        raise NotFound("visit.centre_not_serving")
    days = days_of_slots(
        centre=centre, service=query.service, first=query.date_from, last=query.date_to
    )
    return [
        {"starts_at": s.starts_at, "ends_at": s.ends_at, "free": s.free}
        for day in days
        for s in day.free
    ]


def _case(
    request: HttpRequest, application_id: str, case_id: str, *, write: bool
) -> tuple[Any, Case]:
    citizen = citizen_of(request, WRITE if write else READ)
    if write:
        application = application_of(citizen, application_id)
    else:
        companies = company_bins_of(citizen)
        application = application_seen_by(citizen, application_id, companies=companies)
    application = made_through_caller(request, application)
    case = application.cases.select_related("service", "application").filter(pk=case_id).first()
    if case is None:
        raise NotFound("not_found.case")
    return citizen, case


PATH = "/applications/{application_id}/cases/{case_id}/visit"


@router.get(PATH, response=VisitOut)
def get_visit(request: HttpRequest, application_id: str, case_id: str) -> dict[str, Any]:
    """The case's visit: the one booked, or the latest made or missed."""
    _, case = _case(request, application_id, case_id, write=False)
    visit = latest_visits_by_case([case]).get(case.pk)
    if visit is None:
        raise NotFound("visit.none")
    return _visit(visit, case)


@router.put(PATH, response={200: VisitOut, 201: VisitOut})
def put_visit(request: HttpRequest, application_id: str, case_id: str, payload: VisitIn) -> Status:
    """Book the case's visit in a free slot (201), or move the one booked there (200). Refused
    with the reason: a time past, not a slot's start, beyond the booking days (422); the slot
    just taken, another visit of the person for the service within the catalogue's days,
    a case already decided (409)."""
    citizen, case = _case(request, application_id, case_id, write=True)
    channel = channel_of(request)
    centre = centre_named(payload.centre)
    moving = booked_visit(case) is not None
    action = move_visit if moving else book_visit
    visit = action(case=case, centre=centre, starts_at=payload.starts_at, actor=citizen,
                   channel=channel)  # fmt: skip
    return Status(200 if moving else 201, _visit(visit, case))


@router.delete(PATH, response={204: None})
def delete_visit(request: HttpRequest, application_id: str, case_id: str) -> Status:
    """Cancel the case's booked visit before its time; the place is free again."""
    citizen, case = _case(request, application_id, case_id, write=True)
    cancel_visit(case=case, actor=citizen, channel=channel_of(request))
    return Status(204, None)
