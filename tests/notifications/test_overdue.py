"""A citizen whose case missed its legal deadline is told so once, however often the check
runs; the workers run it every day."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.formats import date_text
from qyzmet.jobs.schedule import DailyJobs
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.overdue import notify_overdue_cases
from tests.factories import ApplicationFactory, CitizenFactory
from tests.jobs.helpers import run_jobs

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
    assert date_text(due)["ru"] in message.body  # "5 декабря 2026 г."
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


def test_the_workers_tell_citizens_about_missed_deadlines_once_a_day():
    citizen = CitizenFactory()
    overdue(ApplicationFactory(citizen=citizen, submitted=True))
    first_worker, second_worker = DailyJobs(hour=3), DailyJobs(hour=3)
    assert "notifications.overdue" in first_worker.enqueue_due()
    assert second_worker.enqueue_due() == []

    run_jobs()

    [message] = told(citizen)
    assert message.status == NotificationStatus.DELIVERED  # its delivery ran in the same round
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
