"""Time a case spent waiting for the citizen's correction is not counted against the agency:
not in its processing time, not as overdue, and its deadline moved by it."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.applications.corrections import send_back
from qyzmet.applications.models import Case
from qyzmet.quality.selectors import service_quality
from tests.factories import ApplicationFactory, officer_of
from tests.quality.conftest import NOW, timed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def passports(slug_rows):
    [found] = [r for r in slug_rows if r.slug == "passport"]
    return found.figures


def test_days_in_correction_are_left_out_of_the_agencys_time(citizen):
    # Decided 120 hours after submission, 96 of them waiting for the citizen's correction.
    case = timed(ApplicationFactory(citizen=citizen, approved=True).cases.get(),
                 submitted=NOW - 10 * DAY, hours=120)  # fmt: skip
    Case.objects.filter(pk=case.pk).update(time_in_correction=datetime.timedelta(hours=96))
    figures = passports(service_quality(now=NOW).services)
    assert figures.median_hours == pytest.approx(24)


def test_a_case_waiting_for_the_citizen_is_not_overdue(citizen):
    case = timed(ApplicationFactory(citizen=citizen, submitted=True).cases.get(),
                 submitted=NOW - 30 * DAY, due_days=15)  # fmt: skip
    before = passports(service_quality(now=NOW).services)
    assert before.overdue == 1
    send_back(case=case, officer=officer_of(case.agency), fields=["service_centre"],
              message="Укажите другой ЦОН.", channel="backoffice")  # fmt: skip
    after = passports(service_quality(now=NOW).services)
    assert (after.overdue, after.cases, after.decided) == (0, 1, 0)
