"""Escalation before the legal deadline: a pending case of a service with ``escalation`` whose
due date is within that many working days is escalated once to the role named (a line of its
history, an audit record, the queue's "Escalated" filter), however often the job runs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from qyzmet.audit.models import AuditRecord
from qyzmet.casework.consultation_models import Escalation
from qyzmet.casework.escalations import escalate_due_cases
from qyzmet.core.workdays import add_working_days
from tests.concurrency import together
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def days_before(case: Any, days: int) -> datetime.date:
    """A day ``days`` working days before the case's due date."""
    day = case.due_date
    while add_working_days(day, days) > case.due_date:
        day -= datetime.timedelta(days=1)
    return day


def test_a_case_near_its_deadline_is_escalated_once(funeral_case):
    today = days_before(funeral_case, 1)

    assert escalate_due_cases(today=today) == 1
    assert escalate_due_cases(today=today) == 0  # the job ran twice

    escalation = Escalation.objects.get(case=funeral_case)
    assert (escalation.role, escalation.due_date) == ("supervisor", funeral_case.due_date)
    assert funeral_case.history.filter(status="case_escalated").count() == 1
    assert AuditRecord.objects.filter(action="case.escalated").count() == 1


def test_a_case_with_time_left_is_not_escalated(funeral_case):
    assert escalate_due_cases(today=days_before(funeral_case, 3)) == 0
    assert not Escalation.objects.exists()


def test_an_overdue_case_is_escalated_too(funeral_case):
    assert escalate_due_cases(today=funeral_case.due_date + datetime.timedelta(days=7)) == 1


def test_a_decided_case_is_not_escalated(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = ApplicationFactory(citizen=citizen, service="passport", approved=True)
    case = application.cases.get()

    assert escalate_due_cases(today=case.due_date) == 0


def test_services_without_escalation_are_left_alone(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    case = ApplicationFactory(citizen=citizen, service="passport", submitted=True).cases.get()

    assert escalate_due_cases(today=case.due_date + datetime.timedelta(days=30)) == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_escalate_a_case_once(committed_platform, funeral_case):
    today = days_before(funeral_case, 1)

    counts = together(*[lambda: escalate_due_cases(today=today)] * 2)

    assert sorted(counts) == [0, 1]
    assert Escalation.objects.filter(case=funeral_case).count() == 1
    assert funeral_case.history.filter(status="case_escalated").count() == 1
