"""The partner API already asks the same selector: a representative applies there in the
principal's name under a mandate in force, and is refused outside it, in their language."""

from __future__ import annotations

import json

import pytest

from qyzmet.accounts.services import create_api_token
from qyzmet.representation.mandates import accept_mandate, grant_mandate
from tests.representation.conftest import OTHER_SERVICE, SERVICE, later

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(principal, representative):
    mandate = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[SERVICE],
        until=later(30), channel="portal",
    )  # fmt: skip
    accept_mandate(mandate=mandate, representative=representative, channel="portal")
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=representative)}"}


def start(client, headers, service, principal, language="en"):
    return client.post(
        "/api/v1/applications",
        json.dumps({"service": service, "on_behalf_of": principal.iin}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **headers,
    )  # fmt: skip


def test_a_representative_starts_an_application_in_the_principals_name(client, headers, principal):
    response = start(client, headers, SERVICE, principal)

    assert response.status_code == 201
    assert response.json()["subject_iin"] == principal.iin


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "their mandate does not cover this service"),
        ("ru", "его доверенность не распространяется на эту услугу"),
        ("kk", "оның сенімхаты бұл қызметті қамтымайды"),
    ],
)
def test_outside_the_mandate_the_api_answers_403_saying_why(
    client, headers, principal, language, said
):
    response = start(client, headers, OTHER_SERVICE, principal, language)

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert said in response.json()["detail"]
