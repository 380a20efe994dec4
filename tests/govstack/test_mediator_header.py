"""The Information-Mediator-Client header names the calling X-Road subsystem as
INSTANCE/CLASS/MEMBER/SUBSYSTEM: required where GovStack requires it, always well-formed."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

MALFORMED = [
    "eGovStack",
    "eGovStack/GOV/90000009",
    "eGovStack/GOV/90000009/digitalregistries/extra",
    "eGovStack//90000009/digitalregistries",
    "eGovStack/GOV/90000009/digital registries",
    "eGovStack/GOV/90000009/digitalregistries/",
    "eGovStack/GOV/9000:0009/digitalregistries",
    "eGovStack/GOV/90000009/" + "s" * 40,
]
WELL_FORMED = [
    "eGovStack/GOV/90000009/digitalregistries",
    "eGovStack/GOV/90000009/eregistrations-dev",
    "INSTANCE/CLASS/MEMBER/SUBSYSTEM",
    "KZ/GOV/123456789012/qyzmet_partner.1",
]


@pytest.fixture
def required_where(citizen):
    """One request of every operation for which GovStack requires the header."""
    file_id = ApplicationFactory(citizen=citizen).pk
    body = {"applicantId": citizen.iin}
    form = {"reason": "expired", "service_centre": "Astana"}
    new = {**body, "formData": {"data": {"passport": form}}}
    return [
        ("POST", "/services/passport/applications", new),
        ("GET", "/applications", None),
        ("GET", f"/applications/{file_id}", None),
        ("PUT", f"/applications/{file_id}", body),
        ("GET", "/data/statistics", None),
    ]


def test_without_the_header_the_request_is_refused_with_a_clear_reason(as_citizen, required_where):
    for method, path, body in required_where:
        response = as_citizen(method, path, body, mediator=None)
        assert response.status_code == 400, path
        assert response.json()["code"] == "govstack.client_missing"
        assert "Information-Mediator-Client" in response.json()["message"]
        assert as_citizen(method, path, body, mediator="").status_code == 400


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_header_is_refused(as_citizen, required_where, value):
    for method, path, body in required_where:
        response = as_citizen(method, path, body, mediator=value)
        assert (response.status_code, response.json()["code"]) == (400, "govstack.client_malformed")


@pytest.mark.parametrize("value", WELL_FORMED)
def test_a_well_formed_header_is_taken(as_citizen, required_where, value):
    for method, path, body in required_where:
        assert as_citizen(method, path, body, mediator=value).status_code == 200, path


def test_where_the_header_is_optional_a_malformed_one_is_still_refused(as_officer):
    assert as_officer("GET", "/tasks", mediator=None).status_code == 200
    response = as_officer("GET", "/tasks", mediator="eGovStack/GOV")
    assert (response.status_code, response.json()["code"]) == (400, "govstack.client_malformed")


@pytest.mark.parametrize(
    ("language", "start"),
    [("ru", "Заголовок Information-Mediator-Client"), ("kk", "Information-Mediator-Client")],
)
def test_the_reason_is_given_in_the_callers_language(as_citizen, language, start):
    response = as_citizen("GET", "/applications", mediator=None, language=language)
    assert response.json()["localizedMessage"].startswith(start)
    assert response["Content-Language"] == language
