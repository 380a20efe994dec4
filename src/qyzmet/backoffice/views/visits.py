"""Visits at the service centres of the officer's agency: the list of a day (who comes when,
for what) and recording at the desk that a visit happened, with what was done, or that nobody
came."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qyzmet.appointments.day_list import record_day_list_read
from qyzmet.appointments.models import Visit
from qyzmet.appointments.selectors import centres_of_agency, visits_of_day
from qyzmet.appointments.services import record_visit
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as render_message


@officer_required
@require_GET
def centres(request: HttpRequest) -> HttpResponse:
    """The centres of the officer's agency; with one, its list of today at once."""
    officer: Any = request.user
    found = list(centres_of_agency(officer.agency_id))
    if len(found) == 1:
        return redirect("backoffice:centre-day", found[0].slug)
    return render(request, "backoffice/centres.html", {"centres": found})


# The days an officer may look at: ten years either side of today (a day further, or one that
# is no date, shows today).
DAYS_AWAY = datetime.timedelta(days=3653)


def _day(request: HttpRequest) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today
    return day if abs(day - today) <= DAYS_AWAY else today


@officer_required
@require_GET
def centre_day(request: HttpRequest, slug: str) -> HttpResponse:
    officer: Any = request.user
    centre = centres_of_agency(officer.agency_id).filter(slug=slug).first()
    if centre is None:
        raise Http404
    day = _day(request)
    now = timezone.now()
    today = timezone.localdate(now)
    visits = list(visits_of_day(centre, day))
    record_day_list_read(officer=officer, centre=centre, visits=visits, channel=CHANNEL)
    rows = [
        {"visit": visit, "overdue": visit.status == "booked" and visit.ends_at < now}
        for visit in visits
    ]
    return render(
        request,
        "backoffice/centre_day.html",
        {
            "centre": centre,
            "day": day,
            "today": today,
            "recordable": day <= today,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
            "rows": rows,
            "counts": {
                status: sum(1 for visit in visits if visit.status == status)
                for status in ("booked", "happened", "missed")
            },
        },
    )


@officer_required
@require_POST
def record(request: HttpRequest, visit_id: uuid.UUID) -> HttpResponse:
    visit: Any = Visit.objects.select_related("centre").filter(pk=visit_id).first()
    if visit is None:
        raise Http404
    happened = request.POST.get("happened") == "yes"
    try:
        record_visit(
            visit=visit, officer=request.user, happened=happened,
            outcome=request.POST.get("outcome", ""), channel=CHANNEL,
        )  # fmt: skip
    except DomainError as refused:
        if refused.kind == "forbidden":
            return problem_page(request, refused)
        messages.error(request, render_message(refused.code, refused.params))
    else:
        messages.success(request, _("Recorded: the visit happened.") if happened
                         else _("Recorded: nobody came."))  # fmt: skip
    day = timezone.localtime(visit.starts_at).date().isoformat()
    return redirect(f"{redirect('backoffice:centre-day', visit.centre.slug).url}?day={day}")
