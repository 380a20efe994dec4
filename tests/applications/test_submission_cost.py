"""What one submission costs: the SQL queries it makes and the exchange requests it sends (each
one a `DataAccess` row and an audit record). A change that adds a query per field or a request
per step fails here; how fast a submission is, is measured in `bench/`, never asserted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.fields import find_person
from tests.applications.test_moving import ANSWERS, moving_data
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

SERVICE = "criminal-record-certificate"  # the single service of bench/submissions.py
MOVING = ["residence-registration", "address-certificate", "first-grade-enrolment"]


def _submit(citizen: Any, key: str, **request: Any) -> tuple[Any, int, list[DataAccess]]:
    """Submit in one call; the application, the queries it made and the requests it sent."""
    before = set(DataAccess.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        application = submit_application(
            citizen=citizen, channel="api", idempotency_key=key, **request
        )
    accesses = list(DataAccess.objects.exclude(pk__in=before).order_by("pk"))
    return application, len(queries), accesses


def asked(accesses: list[DataAccess]) -> list[tuple[str, str, str]]:
    """Who asked (agency, system) which registry, in order: one `DataAccess` per request."""
    return [(a.client_agency, a.client_system, a.registry) for a in accesses]


@pytest.fixture
def citizen(demo_people, settings):
    settings.TRUST_LIST_SECONDS = 3600  # the keys read at the warm-up are still known, however slow
    return CitizenFactory(iin=demo_people["parent"])


def test_a_one_service_submission_costs_a_fixed_number_of_queries_and_requests(citizen):
    values = {SERVICE: sample_values(service_version(SERVICE), find_person(citizen.iin))}
    _submit(citizen, "warm-up", service=SERVICE, data=values)  # the agencies' keys are made

    application, queries, accesses = _submit(citizen, "measured", service=SERVICE, data=values)

    assert application.cases.get().status == CaseStatus.APPROVED
    assert asked(accesses) == [
        # the extract, pre-filling the form; what the population registry answers about the
        # citizen confirms it knows them, so they are not asked about on their own (decision 76)
        ("legal-statistics", "submission", "population"),
    ]
    assert [(a.fields, a.outcome, a.purpose_kind) for a in accesses] == [
        (sorted(application.cases.get().service.registry_data), "granted", "application"),
    ]  # what the citizen's data tracker lists
    # an audit record is one INSERT, no lock, on SQLite and PostgreSQL; the exchange's records
    # are written in the submission's transaction, the catalogue is kept by the process
    # (decision 63): 47 before; the applicant is loaded once for both requests, the history
    # lines and the submission's own audit records are one INSERT each, a notification takes
    # no savepoint (decision 68): 36 before;
    # the application and its case are written once with the status they end with, nothing
    # asks for a new case's appeals, its notifications and their jobs (with the result
    # document's) are one INSERT each, the chat link is read once, the unique constraint
    # alone keeps references unique (decision 72): 25 before; the registries' audit records
    # are in the submission's one INSERT of audit records: 16 before; a request sealed and
    # answered in this process is known new without a lookup of the records: 15 before
    assert queries <= 13, queries


def test_a_moving_submission_costs_a_fixed_number_of_queries_and_requests(citizen):
    data = moving_data(citizen, MOVING)
    request = {"life_situation": "moving", "answers": ANSWERS, "data": data}
    _submit(citizen, "warm-up", **request)

    application, queries, accesses = _submit(citizen, "measured", **request)

    assert application.cases.count() == 3
    assert asked(accesses) == [
        # the extract of each agency, with what its automatic checks read about the applicant
        ("digital-development", "submission", "population"),
        ("education", "submission", "population"),
        ("internal-affairs", "submission", "population"),
        ("education", "relations", "population"),  # the child's IIN: the parent's family links
        ("internal-affairs", "checks", "addresses"),  # the new address, another subject
    ]
    registration = next(a for a in accesses if a.client_agency == "internal-affairs")
    assert "population.person.registered_address" in registration.fields  # its check reads it
    outcomes = application.cases.get(service__service__slug="residence-registration").checks
    assert {o["check"] for o in outcomes} >= {"address-is-not-the-registered-one"}
    # 111 before decision 63, 63 before 68, 46 before 71 and 72 (42 after 71, 37 after 72);
    # 28 before the registries' audit records joined the submission's one INSERT of them;
    # 27 before requests sealed and answered here were known new without a lookup
    assert queries <= 21, queries


def test_a_question_left_to_the_registry_costs_one_read_of_what_answers_it(citizen):
    """Decision 50: the children are read first, as pre-fill, for the kindergarten queue that
    the question decides; then the submission reads as it would with the answer given."""
    answers = {q: a for q, a in ANSWERS.items() if q != "has_preschool_children"}
    data = moving_data(citizen, [*MOVING, "kindergarten-queue"])

    application, _, accesses = _submit(
        citizen, "left-open", life_situation="moving", answers=answers, data=data
    )

    assert application.answers["has_preschool_children"] is True  # the parent's child under six
    first_read = [(a.client_agency, a.client_system, a.registry, a.fields) for a in accesses[:1]]
    assert first_read == [("education", "prefill", "population", ["population.person.children"])]
    assert asked(accesses[1:4]) == [
        ("digital-development", "submission", "population"),
        ("education", "submission", "population"),
        ("internal-affairs", "submission", "population"),
    ]
