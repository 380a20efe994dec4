"""Citizens are told, in their own language, when they submit an application and when a case
is decided; nothing is told unless the change it tells about was committed."""

from __future__ import annotations

import pytest

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.notifications.channels import default_channels
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.services import notify
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.fields import find_person
from tests.factories import ApplicationFactory, CitizenFactory, officer_of
from tests.jobs.helpers import waiting_jobs

pytestmark = pytest.mark.django_db


def inbox_of(user):
    return Notification.objects.filter(recipient=user, channel="inbox").order_by("id")


def test_a_submission_is_confirmed_in_the_citizens_inbox_in_their_language():
    citizen = CitizenFactory(language="kk")
    application = ApplicationFactory(citizen=citizen, submitted=True)
    [message] = inbox_of(citizen)
    assert message.kind == "application.submitted" and message.language == "kk"
    assert message.subject == "Өтінім берілді: Қазақстан Республикасы азаматының паспортын беру"
    assert application.reference in message.body
    assert message.application == application and message.status == NotificationStatus.DELIVERED


def test_an_approval_is_told_to_the_citizen():
    citizen = CitizenFactory(language="en")
    application = ApplicationFactory(citizen=citizen, approved=True)
    decided = inbox_of(citizen).get(kind="case.decided")
    assert decided.subject.startswith("Approved: ")
    assert decided.case == application.cases.get()


def test_a_rejection_tells_the_reason_in_russian():
    citizen = CitizenFactory(language="ru")
    case = ApplicationFactory(citizen=citizen, submitted=True).cases.get()
    decide_case(
        case=case, officer=officer_of(case.agency), approve=False, channel="backoffice",
        reason="Фотография не соответствует требованиям.",
    )  # fmt: skip
    decided = inbox_of(citizen).get(kind="case.decided")
    assert decided.subject.startswith("Отказано: ")
    assert "Причина: Фотография не соответствует требованиям." in decided.body


def test_an_automatic_rejection_is_told_after_the_submission(demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"], language="en")
    values = sample_values(service_version("residence-registration"), find_person(citizen.iin))
    values["new_address_rca"] = "9" * 16
    submit_application(
        citizen=citizen, channel="portal", service="residence-registration",
        data={"residence-registration": values},
    )  # fmt: skip
    assert [(n.kind, n.subject.split(":")[0]) for n in inbox_of(citizen)] == [
        ("application.submitted", "Application submitted"),
        ("case.decided", "Rejected"),
    ]


def test_a_submission_that_fails_midway_tells_the_citizen_nothing(demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    values = sample_values(service_version("residence-registration"), find_person(citizen.iin))
    with pytest.raises(KeyError):  # the service's check is missing: opening the case fails
        submit_application(
            citizen=citizen, channel="portal", service="residence-registration",
            data={"residence-registration": values}, checks=CheckRegistry(),
        )  # fmt: skip
    assert not inbox_of(citizen).exists() and not waiting_jobs().exists()


def test_an_unknown_channel_is_a_mistake():
    with pytest.raises(ValueError):
        notify(
            recipient=CitizenFactory(), kind="signin.code", context={"code": "1", "minutes": 5},
            channels=["pigeon"],
        )  # fmt: skip


def test_the_built_in_channels():
    assert set(default_channels()) == {"inbox", "console", "sms", "email"}
