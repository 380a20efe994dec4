"""The day before a visit the citizen is reminded on their channels, once, however often and
on however many workers the daily job runs."""

from __future__ import annotations

import pytest

from qyzmet.appointments.reminders import remind_visits
from qyzmet.appointments.selectors import centre_named
from qyzmet.appointments.services import book_visit, cancel_visit, move_visit
from qyzmet.notifications.models import Notification
from tests.appointments.helpers import MONDAY, at, id_card_case

pytestmark = pytest.mark.django_db


def reminders(citizen):
    return Notification.objects.filter(recipient=citizen, kind="visit.reminder")


@pytest.fixture
def case():
    case = id_card_case()
    citizen = case.application.citizen
    citizen.language = "ru"
    citizen.save()
    book_visit(
        case=case, centre=centre_named("astana-yesil"), starts_at=at(17, 10, 20),
        actor=citizen, channel="portal", now=MONDAY,
    )  # fmt: skip
    return case


def test_the_citizen_is_reminded_the_day_before_once(case):
    assert remind_visits(now=at(15, 9)) == 0  # two days before
    assert remind_visits(now=at(16, 9)) == 1
    assert remind_visits(now=at(16, 10)) == 0
    [reminder] = reminders(case.application.citizen)
    assert "10:20" in reminder.body and "ЦОН Есильского района" in reminder.body
    assert "Фотографирование" in reminder.body
    assert reminder.case == case


def test_a_moved_visit_is_reminded_of_its_new_day(case):
    remind_visits(now=at(16, 9))
    move_visit(
        case=case, centre=centre_named("astana-yesil"), starts_at=at(19, 11),
        actor=case.application.citizen, channel="portal", now=at(16, 12),
    )  # fmt: skip
    assert remind_visits(now=at(18, 9)) == 1
    assert reminders(case.application.citizen).count() == 2


def test_a_cancelled_visit_is_not_reminded(case):
    cancel_visit(case=case, actor=case.application.citizen, channel="portal", now=MONDAY)
    assert remind_visits(now=at(16, 9)) == 0
