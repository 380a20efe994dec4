"""Telling citizens once that a case of theirs missed its legal deadline."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from qyzmet.applications.models import Case
from qyzmet.notifications.events import notify_case_overdue
from qyzmet.notifications.models import Notification

BATCH = 500


def notify_overdue_cases(*, today: datetime.date | None = None) -> int:
    """Notify the citizen of every undecided case whose due date has passed and who was not
    told yet; returns how many were notified. Safe to run again, and in parallel: a unique
    constraint lets each case be notified once."""
    today = today or timezone.localdate()
    told = Notification.objects.filter(kind="case.overdue", case=OuterRef("pk"))
    overdue = (
        Case.objects.overdue(today)
        .exclude(Exists(told))
        .select_related("application__citizen", "service", "agency")
        .order_by("pk")
    )
    notified, last = 0, None
    while batch := list((overdue.filter(pk__gt=last) if last else overdue)[:BATCH]):
        for case in batch:
            try:
                with transaction.atomic():
                    notify_case_overdue(case=case)
            except IntegrityError:
                continue  # another run told this citizen meanwhile
            notified += 1
        last = batch[-1].pk
    return notified
