"""Whatever a caller sends, the answer is a client error with a systemError body, never a
server error: texts PostgreSQL cannot store, numbers out of range, ids of any shape."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory
from tests.govstack.conftest import assert_conforms

pytestmark = pytest.mark.django_db


def assert_system_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert_conforms(response.json(), "/documents", "post", 400)  # the systemError shape
    assert response.json()["traceId"]


@pytest.mark.parametrize(
    "path",
    ["/services/pass%00port", "/eForms/passport.v%00", "/services/%ED%A0%80", "/eForms/.v1"],
)
def test_odd_ids_in_the_path_are_not_found_or_bad(anybody, path):
    response = anybody("GET", path)
    assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "query",
    [
        {"name": "pass\x00port"},
        {"firstResult": 2**40},
        {"maxResult": -1},
        {"sortOrder": "sideways"},
        {"serviceId": "\x00"},
    ],
)
def test_odd_query_parameters_are_a_bad_request(as_citizen, query):
    path = "/services" if "name" in query else "/applications"
    assert_system_error(as_citizen("GET", path, **query), 400)


@pytest.mark.parametrize(
    "data",
    [
        '{"applicantId": "x", "formData": {"data": {"passport": {"reason": "a\\u0000b"}}}}',
        '{"applicantId": "x", "formData": {"data": {"passport": {"reason": "\\ud800"}}}}',
        '{"applicantId": "x", "formData": {"data": {"passport": {"count": NaN}}}}',
        '{"applicantId": "x", "formData": {"data": {"passport": {"count": 1e999}}}}',
        '{"applicantId": "x\\u0000"}',
        "[1, 2, 3]",
        '{"applicantId": "x", "formData": []}',  # not an object: refused, not read as empty
        "",
    ],
)
def test_bodies_no_database_could_store_are_a_bad_request(as_citizen, citizen, data):
    draft = ApplicationFactory(citizen=citizen)
    data = data.replace('"x', f'"{citizen.iin}')
    for method, path in (
        ("POST", "/services/passport/applications"),
        ("PUT", f"/applications/{draft.pk}"),
    ):
        assert_system_error(as_citizen(method, path, data), 400)


def test_a_reason_no_database_could_store_is_a_bad_request(as_officer, citizen):
    case = ApplicationFactory(citizen=citizen, submitted=True).cases.get()
    body = {"data": {"decision": {"value": "reject"}, "reason": {"value": "no\x00"}}}
    assert_system_error(as_officer("POST", f"/tasks/{case.pk}/complete", body), 400)


@pytest.mark.parametrize("body", ["[]", '"approve"', "42"])
def test_a_completed_task_whose_variables_are_not_an_object_is_a_bad_request(
    as_officer, citizen, body
):
    case = ApplicationFactory(citizen=citizen, submitted=True).cases.get()
    response = as_officer("POST", f"/tasks/{case.pk}/complete", body)
    assert_system_error(response, 400)
    assert [e["code"] for e in response.json()["errors"]] == ["type.object"]
    case.refresh_from_db()
    assert case.decided_at is None


def test_an_upload_that_does_not_say_what_it_is_fails_as_the_specification_says(as_citizen):
    response = as_citizen.client.post(
        "/govstack/registration/documents", {"file": "V2UgbG92ZSBqc29uIQ=="},
        **as_citizen.auth,
    )  # fmt: skip
    assert_system_error(response, 400)
    assert response.json()["code"] == "govstack.document_metadata"
    assert_conforms(response.json(), "/documents", "post", 400)
