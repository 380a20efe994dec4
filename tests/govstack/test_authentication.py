"""Every operation of GovStack's specification is served, and each needs a signed-in caller
unless the specification opens it to everybody (the catalogue and the statistics)."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from qyzmet.govstack.api import api
from tests.govstack.conftest import SPEC, STATISTICS_SPEC, Caller

PUBLIC = {
    ("GET", "/services"),
    ("GET", "/services/{serviceId}"),
    ("GET", "/services/{serviceId}/eForms"),
    ("GET", "/eForms/{eFormId}"),
    ("GET", "/data/statistics"),
}
IDS = {"{serviceId}": "passport", "{eFormId}": "passport.v4"}


def operations_of(spec):
    return {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops if m != "parameters"}


SPECIFIED = operations_of(SPEC) | operations_of(STATISTICS_SPEC)


def test_every_operation_of_the_specification_is_served_and_nothing_else():
    served = operations_of(api.get_openapi_schema(path_prefix="/"))
    assert served == SPECIFIED


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), sorted(SPECIFIED))
def test_an_anonymous_caller_must_sign_in_unless_the_operation_is_public(client, method, path):
    concrete = path
    for name, value in IDS.items():
        concrete = concrete.replace(name, value)
    concrete = concrete.replace("{fileId}", str(uuid.uuid4())).replace(
        "{taskId}", str(uuid.uuid4())
    )
    response = Caller(client)(method, concrete, {})
    if (method, path) in PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 401
        assert response.json()["code"] == "auth.required"


@pytest.mark.django_db
def test_a_session_works_and_its_changes_need_the_csrf_token(citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    caller = Caller(browser)
    assert caller("GET", "/applications").status_code == 200
    body = {"applicantId": citizen.iin, "formData": {"data": {"passport": {}}}}
    response = caller("POST", "/services/passport/applications", body)
    assert (response.status_code, response.json()["code"]) == (403, "request.csrf")
