"""Helpers of the payment tests: an application waiting for its fee, the sandbox's pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from qyzmet.applications.models import Application
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory

LICENCE = "driving-licence-replacement"
SUCCEEDS, DECLINES, CHALLENGES = "4242 4242 4242 4242", "4000000000000002", "4000000000003220"


def apply_for_licence(citizen: Any, *, key: str | None = None) -> Application:
    data = {LICENCE: sample_values(service_version(LICENCE), find_person(citizen.iin))}
    return submit_application(citizen=citizen, channel="portal", service=LICENCE, data=data,
                              idempotency_key=key)  # fmt: skip


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["young_adult"])


@pytest.fixture
def awaiting(citizen):
    return apply_for_licence(citizen)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def go_to_sandbox(client: Any, application: Application) -> str:
    """Press Pay: the path of the sandbox's page the portal sends the citizen to."""
    response = client.post(f"/applications/{application.pk}/pay/")
    assert response.status_code == 302, response
    assert "/sandbox-pay/" in response["Location"]
    return path_of(response["Location"])


def pay_with(client: Any, page: str, number: str, **extra: str) -> Any:
    return client.post(page, {"number": number, "expiry": "12/39", "cvc": "123", **extra})
