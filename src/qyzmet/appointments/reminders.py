"""Reminding people the day before their visit to a service centre, once per visit."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from qyzmet.appointments.models import Visit, VisitStatus
from qyzmet.notifications.events import notify_visit_reminder


def remind_visits(*, now: datetime.datetime | None = None) -> int:
    """Notify the applicant of every visit booked for tomorrow (local time) on their channels;
    how many visits were reminded. Safe to run again and on several workers at once: a visit is
    claimed by setting ``reminded_at`` where it is empty, in the transaction that writes the
    notifications, so each is reminded once (moving a visit makes it due again)."""
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    since = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    due = Visit.objects.filter(
        status=VisitStatus.BOOKED,
        reminded_at__isnull=True,
        starts_at__gte=since,
        starts_at__lt=since + datetime.timedelta(days=1),
    ).select_related("centre", "case__application__citizen", "case__service")
    reminded = 0
    for visit in due:
        with transaction.atomic():
            claimed = Visit.objects.filter(
                pk=visit.pk, status=VisitStatus.BOOKED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue  # another worker reminded it, or it was cancelled meanwhile
            notify_visit_reminder(visit=visit)
        reminded += 1
    return reminded
