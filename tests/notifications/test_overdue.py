"""A citizen whose case missed its legal deadline is told so once, however often the check
runs."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from qyzmet.notifications.models import Notification
from qyzmet.notifications.overdue import notify_overdue_cases
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def overdue(application):
    application.cases.update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    return application


def told(citizen):
    return Notification.objects.filter(recipient=citizen, kind="case.overdue")


def test_the_citizen_is_told_once_about_a_missed_deadline(capsys):
    citizen = CitizenFactory(language="ru")
    application = overdue(ApplicationFactory(citizen=citizen, submitted=True))

    call_command("notifications", "overdue")
    call_command("notifications", "overdue")

    [message] = told(citizen)
    assert message.case == application.cases.get()
    assert message.subject.startswith("Срок истёк: ")
    due = application.cases.get().due_date
    assert f"{due:%d.%m.%Y}" in message.body
    assert "Notified 1 citizen(s)" in capsys.readouterr().out


def test_cases_within_their_deadline_or_decided_are_left_alone():
    citizen = CitizenFactory()
    ApplicationFactory(citizen=citizen, submitted=True)  # due in the future
    overdue(ApplicationFactory(citizen=citizen, approved=True))
    assert notify_overdue_cases() == 0
    assert not told(citizen).exists()


def test_the_day_of_the_deadline_is_not_yet_overdue():
    citizen = CitizenFactory()
    application = ApplicationFactory(citizen=citizen, submitted=True)
    due = application.cases.get().due_date
    assert notify_overdue_cases(today=due) == 0
    assert notify_overdue_cases(today=due + datetime.timedelta(days=1)) == 1
