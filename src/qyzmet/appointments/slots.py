"""Free slots of a service centre for a service: its opening hours of each day (local time,
closed on public holidays and its closures) cut into slots of the service's length, less the
places booked visits hold. Only slots that start after now and within the booking window."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from qyzmet.appointments.models import HOLDING_A_PLACE, Visit
from qyzmet.catalog.centres import ServiceCentre


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime  # aware, in the platform's time zone
    ends_at: datetime.datetime
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


@dataclass(frozen=True)
class Day:
    day: datetime.date
    slots: list[Slot]

    @property
    def free(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.free]


def last_bookable_day(now: datetime.datetime | None = None) -> datetime.date:
    today = timezone.localdate(now or timezone.now())
    return today + datetime.timedelta(days=settings.VISIT_BOOKING_DAYS)


def _starts(centre: ServiceCentre, service: str, day: datetime.date) -> list[datetime.datetime]:
    rule = centre.slot_rule(service)
    hours = centre.hours_on(day)
    if rule is None or hours is None:
        return []
    zone = timezone.get_default_timezone()
    length = datetime.timedelta(minutes=rule["slot_minutes"])
    moment = datetime.datetime.combine(day, hours[0], tzinfo=zone)
    closes = datetime.datetime.combine(day, hours[1], tzinfo=zone)
    starts = []
    while moment + length <= closes:
        starts.append(moment)
        moment += length
    return starts


def _taken(
    centre: ServiceCentre, service: str, first: datetime.date, last: datetime.date
) -> Counter[datetime.datetime]:
    zone = timezone.get_default_timezone()
    since = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    rows = (
        Visit.objects.filter(
            centre=centre,
            service=service,
            status__in=HOLDING_A_PLACE,
            starts_at__gte=since,
            starts_at__lt=until,
        )
        .values("starts_at")
        .annotate(n=Count("pk"))
    )
    return Counter({row["starts_at"]: row["n"] for row in rows})


def days_of_slots(
    *,
    centre: ServiceCentre,
    service: str,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> list[Day]:
    """The open days from ``first`` (today) to ``last`` (the last bookable day), each with its
    slots still to come and how many places each has taken."""
    now = now or timezone.now()
    first = max(first or timezone.localdate(now), timezone.localdate(now))
    last = min(last or last_bookable_day(now), last_bookable_day(now))
    rule = centre.slot_rule(service)
    if rule is None or last < first:
        return []
    taken = _taken(centre, service, first, last)
    days = []
    day = first
    while day <= last:
        length = datetime.timedelta(minutes=rule["slot_minutes"])
        slots = [
            Slot(start, start + length, rule["capacity"], taken[start])
            for start in _starts(centre, service, day)
            if start > now
        ]
        if slots:
            days.append(Day(day, slots))
        day += datetime.timedelta(days=1)
    return days


def slot_at(
    *, centre: ServiceCentre, service: str, starts_at: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime, int] | None:
    """``(starts_at, ends_at, capacity)`` when a slot of the centre starts at ``starts_at``
    (any time zone), else None: the centre is closed then, or no slot starts at that minute."""
    local = timezone.localtime(starts_at, timezone.get_default_timezone())
    rule = centre.slot_rule(service)
    if rule is None:
        return None
    for start in _starts(centre, service, local.date()):
        if start == local:
            return start, start + datetime.timedelta(minutes=rule["slot_minutes"]), rule["capacity"]
    return None
