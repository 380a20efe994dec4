"""A citizen applies once for the 'moving' life situation and gets one case per service."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.applications.models import ApplicationStatus, CaseStatus
from qyzmet.applications.services import save_draft, start_application, submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.core.workdays import add_working_days
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"has_preschool_children": False, "has_school_age_children": True,
           "change_polyclinic": False}  # fmt: skip


@pytest.fixture
def parent(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def moving_data(citizen, services):
    person = find_person(citizen.iin)
    return {slug: sample_values(service_version(slug), person) for slug in services}


def test_a_draft_is_prefilled_from_the_registries(parent):
    draft = start_application(citizen=parent, channel="portal", life_situation="moving")
    person = find_person(parent.iin)
    assert draft.status == ApplicationStatus.DRAFT
    address = draft.prefill["population.person.registered_address"]
    assert address["rca"] == person.building.rca
    assert draft.prefill["population.person.full_name"]["ru"].startswith(person.last_name_ru)


def test_the_answers_decide_the_services_and_cases_land_at_their_agencies(parent):
    services = ["residence-registration", "address-certificate", "first-grade-enrolment"]
    application = submit_application(
        citizen=parent, channel="api", life_situation="moving", answers=ANSWERS,
        data=moving_data(parent, services),
    )  # fmt: skip
    cases = {c.service.slug: c for c in application.cases.all()}
    assert sorted(cases) == sorted(services)
    assert cases["residence-registration"].agency.slug == "internal-affairs"
    assert cases["first-grade-enrolment"].agency.slug == "education"
    residence = cases["residence-registration"]
    today = datetime.date.today()
    assert residence.due_date == add_working_days(today, residence.service.deadline_days)
    assert residence.registry_extract["population.person.full_name"]
    assert residence.checks[0]["check"] == "address-exists" and residence.checks[0]["passed"]
    assert application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
    statuses = [h.status for h in application.history.filter(case__isnull=True)]
    assert statuses[:2] == ["draft", "submitted"]


def test_missing_answers_and_fields_are_all_reported(parent):
    with pytest.raises(Invalid) as refused:
        submit_application(citizen=parent, channel="api", life_situation="moving", answers={})
    asked = {q for q in ANSWERS if q != "has_preschool_children"}  # the registry answers it
    assert {p.field for p in refused.value.problems} == {f"answers.{q}" for q in asked}
    with pytest.raises(Invalid) as refused:
        submit_application(
            citizen=parent, channel="api", life_situation="moving", answers=ANSWERS,
            data={"residence-registration": {"move_date": "31.12.2026", "new_address_rca": "1"}},
        )  # fmt: skip
    problems = {p.field: p.code for p in refused.value.problems}
    assert problems["data.residence-registration.move_date"] == "format.date"
    assert problems["data.residence-registration.new_address_rca"] == "pattern"
    assert problems["data.residence-registration.owner_consent"] == "required"
    assert problems["data.first-grade-enrolment.child_iin"] == "required"


def test_a_failed_submission_of_a_draft_keeps_what_was_typed(parent):
    draft = start_application(citizen=parent, channel="portal", life_situation="moving")
    with pytest.raises(Invalid):
        submit_application(
            citizen=parent, channel="portal", application=draft, answers=ANSWERS,
            data={"residence-registration": {"apartment": "12"}},
        )  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.answers == ANSWERS
    assert draft.data["residence-registration"]["apartment"] == "12"


def test_a_double_submitted_application_is_created_once(parent):
    services = ["residence-registration", "address-certificate", "first-grade-enrolment"]
    request = {"life_situation": "moving", "answers": ANSWERS,
               "data": moving_data(parent, services)}  # fmt: skip
    first = submit_application(citizen=parent, channel="api", idempotency_key="k-1", **request)
    again = submit_application(citizen=parent, channel="api", idempotency_key="k-1", **request)
    assert again.pk == first.pk
    assert parent.applications.count() == 1
    assert first.cases.count() == 3


def test_the_same_key_with_another_request_is_a_conflict(parent):
    services = ["residence-registration", "address-certificate", "first-grade-enrolment"]
    data = moving_data(parent, services)
    submit_application(citizen=parent, channel="api", life_situation="moving", answers=ANSWERS,
                       data=data, idempotency_key="k-2")  # fmt: skip
    with pytest.raises(Conflict):
        submit_application(
            citizen=parent, channel="api", life_situation="moving",
            answers={**ANSWERS, "change_polyclinic": True}, data=data, idempotency_key="k-2",
        )  # fmt: skip


def test_submitting_a_submitted_draft_again_changes_nothing(parent):
    draft = start_application(
        citizen=parent, channel="portal", service="address-certificate",
        data=moving_data(parent, ["address-certificate"]),
    )  # fmt: skip
    first = submit_application(citizen=parent, channel="portal", application=draft)
    again = submit_application(citizen=parent, channel="portal", application=draft)
    assert again.pk == first.pk and again.cases.count() == 1
    with pytest.raises(Conflict):
        save_draft(application=draft, citizen=parent, channel="portal", answers={})


def test_an_application_keeps_the_service_version_it_was_started_with(parent):
    from qyzmet.catalog.models import ServiceVersion
    from qyzmet.catalog.services import digest

    draft = start_application(
        citizen=parent, channel="portal", service="address-certificate",
        data=moving_data(parent, ["address-certificate"]),
    )  # fmt: skip
    old = service_version("address-certificate")
    definition = {**old.definition, "version": old.version + 1, "deadline_days": 30}
    new = ServiceVersion.objects.create(
        service=old.service, version=old.version + 1, definition=definition,
        digest=digest(definition),
    )  # fmt: skip
    old.service.current = new
    old.service.save()
    application = submit_application(citizen=parent, channel="portal", application=draft)
    case = application.cases.get()
    assert case.service_id == old.pk
    assert case.status == CaseStatus.APPROVED or case.due_date < datetime.date.today() + (
        datetime.timedelta(days=30)
    )


def test_a_retried_submission_with_its_values_returns_the_submitted_application(parent):
    data = moving_data(parent, ["address-certificate"])
    draft = start_application(citizen=parent, channel="portal", service="address-certificate")
    first = submit_application(citizen=parent, channel="portal", application=draft, data=data)
    again = submit_application(citizen=parent, channel="portal", application=draft, data=data)
    assert again.pk == first.pk and again.status == first.status
    assert again.cases.count() == 1
