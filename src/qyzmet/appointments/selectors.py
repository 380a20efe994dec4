"""Reads of appointments: the centres serving a service, a case's visits, a centre's day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qyzmet.appointments.models import Visit, VisitStatus
from qyzmet.catalog.centres import ServiceCentre
from qyzmet.core.errors import NotFound


def centres_serving(service: str) -> list[ServiceCentre]:
    """The service centres where a visit for ``service`` can be booked, by id."""
    return [c for c in ServiceCentre.objects.order_by("slug") if c.slot_rule(service)]


def centre_named(slug: str) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(slug=slug).select_related("agency").first()
    if centre is None:
        raise NotFound("visit.centre_unknown")
    return centre


def centres_of_agency(agency_id: Any) -> QuerySet[ServiceCentre]:
    return ServiceCentre.objects.filter(agency_id=agency_id).order_by("slug")


def booked_visits_by_case(cases: Iterable[Any]) -> dict[Any, Visit]:
    """Each case's booked visit, by case id (cases without one left out)."""
    visits = Visit.objects.filter(case__in=list(cases), status=VisitStatus.BOOKED)
    return {visit.case_id: visit for visit in visits.select_related("centre")}


def latest_visits_by_case(cases: Iterable[Any]) -> dict[Any, Visit]:
    """Each case's latest visit that was not cancelled (booked, made or missed), by case id."""
    visits = (
        Visit.objects.filter(case__in=list(cases))
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("centre")
        .order_by("starts_at")
    )
    return {visit.case_id: visit for visit in visits}


def visits_of_day(centre: ServiceCentre, day: datetime.date) -> QuerySet[Visit]:
    """The visits booked at ``centre`` on ``day`` (local time), booked, made or missed, in the
    order people come."""
    zone = timezone.get_default_timezone()
    since = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return (
        Visit.objects.filter(
            centre=centre,
            starts_at__gte=since,
            starts_at__lt=since + datetime.timedelta(days=1),
        )
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("case__application__citizen", "case__service", "case__agency")
        .order_by("starts_at", "place")
    )
