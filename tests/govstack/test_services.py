"""Anybody can list qyzmet's services and read their eForms in GovStack's shapes."""

from __future__ import annotations

import pytest

from tests.govstack.conftest import assert_conforms

pytestmark = pytest.mark.django_db


def test_the_services_are_the_catalogues_current_services(anybody):
    response = anybody("GET", "/services")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    assert_conforms(services, "/services", "get", 200)
    passport = next(s for s in services if s["id"] == "passport")
    assert passport["name"] == "Issuing a Kazakhstan passport"
    assert passport["type"] == "Public"
    body = {p["code"]: p["value"] for p in passport["serviceBody"]}
    assert body["agency"] == "internal-affairs"
    assert body["eFormId"] == "passport.v4"
    assert body["deadlineWorkingDays"] == "15"


def test_a_name_narrows_the_services_in_any_language(anybody):
    english = anybody("GET", "/services", name="passport").json()
    russian = anybody("GET", "/services", name="ПАСПОРТ").json()
    assert "passport" in [s["id"] for s in english]
    assert {s["id"] for s in english} <= {s["id"] for s in russian}
    assert anybody("GET", "/services", name="no such service at all").json() == []


def test_service_names_follow_accept_language(anybody):
    response = anybody("GET", "/services/passport", language="kk")
    assert response.status_code == 200
    assert response.json()["name"] == "Қазақстан Республикасы азаматының паспортын беру"
    assert_conforms(response.json(), "/services/{serviceId}", "get", 200)


@pytest.mark.parametrize("service_id", ["no-such-service", "f7d33db0-2809-484e-a780-76b7ccd4ecbf"])
def test_an_unknown_service_is_not_found(anybody, service_id):
    response = anybody("GET", f"/services/{service_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found.service"
    assert_conforms(response.json(), "/documents", "post", 400)  # the systemError shape


def test_a_service_has_the_eform_of_its_current_version(anybody):
    response = anybody("GET", "/services/passport/eForms")
    assert response.status_code == 200
    assert_conforms(response.json(), "/services/{serviceId}/eForms", "get", 200)
    assert response.json() == [
        {
            "eFormId": "passport.v4",
            "name": "Issuing a Kazakhstan passport",
            "description": response.json()[0]["description"],
            "version": "4",
            "latest": True,
        }
    ]


def test_an_unknown_service_has_no_eforms(anybody):
    response = anybody("GET", "/services/no-such-service/eForms")
    assert (response.status_code, response.json()) == (200, [])


def test_an_eform_carries_the_services_json_schema(anybody):
    response = anybody("GET", "/eForms/passport.v4")
    assert response.status_code == 200
    assert_conforms(response.json(), "/eForms/{eFormId}", "get", 200)
    schema = response.json()["schema"]
    assert schema["type"] == "object"
    assert schema["required"] == ["reason", "service_centre"]


@pytest.mark.parametrize(
    "eform_id", ["passport.v5", "passport", "nothing.v1", "passport.v99999999999"]
)
def test_an_unknown_eform_is_not_found(anybody, eform_id):
    response = anybody("GET", f"/eForms/{eform_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "govstack.not_found_eform"


def test_the_catalogue_needs_no_mediator_header_but_refuses_a_malformed_one(anybody):
    assert anybody("GET", "/services", mediator=None).status_code == 200
    response = anybody("GET", "/services", mediator="not a client")
    assert response.status_code == 400
    assert response.json()["code"] == "govstack.client_malformed"
