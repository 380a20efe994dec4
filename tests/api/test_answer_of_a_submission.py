"""The 201 answer to a new application is built from what was just written, without reading it
back: it must say exactly what reading the application right after says."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.applications.test_moving import ANSWERS, moving_data
from tests.callers import bearer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
MOVING = ["residence-registration", "address-certificate", "first-grade-enrolment"]


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def _created_then_read(client: Any, citizen: Any, body: dict[str, Any]) -> tuple[dict, dict]:
    as_citizen = bearer(citizen)
    created = client.post(
        "/api/v1/applications", body, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="first", **as_citizen,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    read = client.get(f"/api/v1/applications/{created.json()['id']}", **as_citizen)
    return created.json(), read.json()


def test_a_one_service_submission_answers_what_a_read_finds(client, citizen):
    service = "criminal-record-certificate"
    values = sample_values(service_version(service), find_person(citizen.iin))
    body = {"service": service, "data": {service: values}, "submit": True}

    created, read = _created_then_read(client, citizen, body)

    assert created["status"] != "draft" and len(created["cases"]) == 1
    assert len(created["history"]) >= 3
    assert created == read


def test_a_life_situation_of_three_cases_answers_what_a_read_finds(client, citizen):
    data = moving_data(citizen, MOVING)
    body = {"life_situation": "moving", "answers": ANSWERS, "data": data, "submit": True}

    created, read = _created_then_read(client, citizen, body)

    assert len(created["cases"]) == 3
    assert created == read


def test_a_new_draft_answers_what_a_read_finds(client, citizen):
    created, read = _created_then_read(client, citizen, {"life_situation": "moving"})

    assert created["status"] == "draft" and created["cases"] == []
    assert created == read


def test_a_retried_submission_answers_as_the_first(client, citizen):
    service = "criminal-record-certificate"
    values = sample_values(service_version(service), find_person(citizen.iin))
    body = {"service": service, "data": {service: values}, "submit": True}
    first, _ = _created_then_read(client, citizen, body)

    again = client.post(
        "/api/v1/applications", body, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="first", **bearer(citizen),
    )  # fmt: skip

    assert again.status_code == 201 and again.json() == first
