"""Escalating a pending case before its legal deadline (``escalation: {days_before_deadline,
to}`` of its service): the daily job finds the cases due within that many working days and not
decided, and escalates each once to the officers of the role named, with a line of the case's
history and an audit record; the back office's queue lists them ("Escalated") and the case page
says so. Once per case: the escalation is a row unique per case, written with the case locked,
so a second run (or two at once) finds it and does nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications.history import record_case_event
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case
from qyzmet.audit.services import record_audit
from qyzmet.casework.consultation_models import Escalation
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.workdays import add_working_days

ESCALATED = "case_escalated"  # the history line


def escalate_due_cases(*, today: datetime.date | None = None) -> int:
    """Escalate every pending case of a service with ``escalation`` whose due date is at most
    ``days_before_deadline`` working days after ``today`` (or past), not escalated yet; returns
    how many this run escalated."""
    today = today or timezone.localdate()
    escalated = 0
    for version in ServiceVersion.objects.filter(definition__has_key="escalation"):
        rule = version.escalation
        if not rule:
            continue
        limit = add_working_days(today, int(rule["days_before_deadline"]))
        due = Case.objects.filter(
            service=version,
            status__in=PENDING_CASE_STATUSES,
            due_date__lte=limit,
            escalation__isnull=True,
        )
        for pk in due.order_by("due_date", "pk").values_list("pk", flat=True):
            escalated += _escalate_one(pk, rule)
    return escalated


def _escalate_one(pk: Any, rule: dict[str, Any]) -> int:
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("application").get(pk=pk)
        if (
            case.status not in PENDING_CASE_STATUSES
            or Escalation.objects.filter(case=case).exists()
        ):
            return 0
        try:
            with transaction.atomic():
                Escalation.objects.create(case=case, role=rule["to"], due_date=case.due_date)
        except IntegrityError:  # another run wrote it between our look and our write
            return 0
        record_case_event(case=case, event=ESCALATED, actor=None, channel="system",
                          note=rule["to"])  # fmt: skip
        record_audit(
            actor=None, action="case.escalated", obj=case, channel="system",
            details={"role": rule["to"], "due_date": case.due_date.isoformat(),
                     "days_before_deadline": rule["days_before_deadline"]},
        )  # fmt: skip
    return 1


def escalation_of(case: Case) -> Escalation | None:
    """The case's escalation, if it was escalated."""
    return Escalation.objects.filter(case_id=case.pk).first()


def escalated_of(cases: list[Case]) -> set[Any]:
    """The ids of those of ``cases`` that were escalated, in one query."""
    return set(
        Escalation.objects.filter(case_id__in=[c.pk for c in cases]).values_list(
            "case_id", flat=True
        )
    )
