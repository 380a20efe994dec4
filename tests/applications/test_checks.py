"""Rule-based checks decide without an officer when a service allows it."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.checks import CheckRegistry, checks
from qyzmet.registries.fields import find_person, read_fields
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_rejects_the_registration(demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    values = sample_values(service_version("residence-registration"), find_person(citizen.iin))
    values["new_address_rca"] = "9" * 16
    application = submit_application(
        citizen=citizen, channel="api", service="residence-registration",
        data={"residence-registration": values},
    )  # fmt: skip
    case = application.cases.get()
    assert case.status == CaseStatus.REJECTED
    assert case.decision_reason == "Такого адреса нет в адресном регистре."  # the citizen's
    assert "not in the address registry" in case.reason_parts[0]["en"]  # and any other language
    assert case.checks == [
        {"check": "address-exists", "on_fail": "reject", "passed": False,
         "message": checks["address-exists"].failed},
        {"check": "address-is-not-the-registered-one", "on_fail": "reject", "passed": True,
         "message": checks["address-is-not-the-registered-one"].passed},
    ]  # fmt: skip


def test_a_check_registry_can_be_replaced_in_tests(demo_people):
    class AlwaysFails(type(checks["address-exists"])):  # type: ignore[misc]
        def holds(self, **_):
            return False

    registry = CheckRegistry()
    registry.register(AlwaysFails)
    registry.register(type(checks["address-is-not-the-registered-one"]))
    citizen = CitizenFactory(iin=demo_people["parent"])
    values = sample_values(service_version("residence-registration"), find_person(citizen.iin))
    application = submit_application(
        citizen=citizen, channel="api", service="residence-registration",
        data={"residence-registration": values}, checks=registry,
    )  # fmt: skip
    assert application.cases.get().status == CaseStatus.REJECTED


@pytest.mark.parametrize("name", checks.names())
def test_every_check_answers_for_a_real_person(name, demo_people):
    check = checks[name]
    values = read_fields(subject=demo_people["parent"], fields=check.reads) if check.reads else {}
    outcome = check.run(applicant=values, other={}, inputs={})
    assert isinstance(outcome.passed, bool)
    assert set(outcome.message) == {"kk", "ru", "en"}


def test_a_check_reading_the_applicant_fails_for_someone_the_registry_does_not_know():
    outcome = checks["applicant-is-adult"].run(applicant={}, other={}, inputs={})
    assert outcome.passed is False
