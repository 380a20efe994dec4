"""Booking the visit a service needs (the ID card's photo): the citizen picks a service centre,
a day and a free time; moves the visit the same way; or cancels it. Each a domain function of
``appointments``."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from qyzmet.applications.models import Case
from qyzmet.applications.selectors import application_of
from qyzmet.appointments.selectors import centre_named, centres_serving
from qyzmet.appointments.services import book_visit, booked_visit, cancel_visit, move_visit
from qyzmet.appointments.slots import days_of_slots
from qyzmet.core.errors import DomainError, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.portal.views.citizen import citizen_required

CHANNEL = "portal"
STATUS = {"invalid": 400, "conflict": 409, "not_found": 404, "forbidden": 403}


def _case(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    try:
        application = application_of(request.user, application_id)
    except NotFound:
        raise Http404 from None
    case = application.cases.select_related("service", "application").filter(pk=case_id).first()
    if case is None or case.service.visit is None:
        raise Http404
    return case


def _page(
    request: HttpRequest, case: Case, *, error: str = "", chosen: str = "", status: int = 200
) -> HttpResponse:
    centres = centres_serving(case.service.slug)
    slug = request.POST.get("centre") or request.GET.get("centre")
    centre = next((c for c in centres if c.slug == slug), centres[0] if centres else None)
    days = (
        [d for d in days_of_slots(centre=centre, service=case.service.slug) if d.free]
        if centre
        else []
    )
    wanted = request.POST.get("day") or request.GET.get("day")
    day = next((d for d in days if d.day.isoformat() == wanted), days[0] if days else None)
    return render(
        request,
        "portal/visits/book.html",
        {
            "case": case,
            "application": case.application,
            "visit": booked_visit(case),
            "centres": centres,
            "centre": centre,
            "days": days,
            "day": day,
            "error": error,
            "chosen": chosen,
        },
        status=status,
    )


@citizen_required
def book(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    """GET: the centres, days and free times; POST ``centre`` and ``starts_at``: book the
    visit, or move the one booked."""
    case = _case(request, application_id, case_id)
    if request.method != "POST":
        return _page(request, case)
    chosen = request.POST.get("starts_at", "")
    starts_at = _moment(chosen)
    if starts_at is None:
        return _page(request, case, error=_("Choose a time."), status=400)
    try:
        centre = centre_named(request.POST.get("centre", ""))
        action = move_visit if booked_visit(case) is not None else book_visit
        visit = action(
            case=case, centre=centre, starts_at=starts_at, actor=request.user, channel=CHANNEL
        )
    except DomainError as refused:
        message = render_message(refused.code, refused.params)
        return _page(request, case, error=message, chosen=chosen, status=STATUS[refused.kind])
    messages.success(request, _visit_booked(visit))
    return redirect("portal:application", application_id)


def _moment(chosen: str) -> datetime.datetime | None:
    """The time chosen, with its offset; None for none, or one that cannot be (30 February,
    25:00, an offset of +99:00)."""
    try:
        moment = parse_datetime(chosen) if chosen else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _visit_booked(visit: Any) -> str:
    local = timezone.localtime(visit.starts_at)
    return _("Your visit is booked: %(when)s, %(centre)s.") % {
        "when": formats.date_format(local, "DATETIME_FORMAT"),
        "centre": visit.centre,
    }


@citizen_required
def cancel(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, application_id, case_id)
    if request.method == "POST":
        try:
            cancel_visit(case=case, actor=request.user, channel=CHANNEL)
        except DomainError as refused:
            messages.error(request, render_message(refused.code, refused.params))
        else:
            messages.success(request, _("Your visit is cancelled."))
    return redirect("portal:application", application_id)
