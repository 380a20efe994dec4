"""Through the API, a citizen applies for 'moving' and an officer decides a case."""

from __future__ import annotations

import pytest

from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.callers import bearer
from tests.factories import CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_applies_for_moving_and_an_officer_decides(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    as_citizen = bearer(citizen)
    person = find_person(citizen.iin)

    situation = client.get("/api/v1/life-situations/moving").json()
    assert [q["id"] for q in situation["questions"]]

    started = client.post(
        "/api/v1/applications", {"life_situation": "moving"}, content_type="application/json",
        **as_citizen,
    )  # fmt: skip
    assert started.status_code == 201, started.content
    draft = started.json()
    prefilled = {p["field"]: p for p in draft["prefilled"]}
    address = prefilled["population.person.registered_address"]
    assert address["registry"] == "population" and address["agency"] == "internal-affairs"
    assert address["value"]["rca"] == person.building.rca

    answers = {"has_preschool_children": True, "has_school_age_children": False,
               "change_polyclinic": False}  # fmt: skip
    saved = client.patch(
        f"/api/v1/applications/{draft['id']}", {"answers": answers},
        content_type="application/json", **as_citizen,
    )  # fmt: skip
    chosen = saved.json()["services"]
    assert chosen == ["residence-registration", "address-certificate", "kindergarten-queue"]

    data = {slug: sample_values(service_version(slug), person) for slug in chosen}
    submitted = client.post(
        f"/api/v1/applications/{draft['id']}/submit", {"data": data},
        content_type="application/json", HTTP_IDEMPOTENCY_KEY="moving-1", **as_citizen,
    )  # fmt: skip
    assert submitted.status_code == 200, submitted.content
    application = submitted.json()
    cases = {c["service"]: c for c in application["cases"]}
    assert set(cases) == set(chosen)
    assert cases["kindergarten-queue"]["agency"] == "education"
    assert all(c["due_date"] for c in cases.values())

    residence = cases["residence-registration"]
    officer = OfficerFactory()
    as_officer = bearer(officer)
    queue = client.get("/api/v1/cases?status=submitted", **as_officer).json()
    assert residence["id"] in [c["id"] for c in queue]
    decided = client.post(
        f"/api/v1/cases/{residence['id']}/decision", {"decision": "approve"},
        content_type="application/json", **as_officer,
    )  # fmt: skip
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"

    final = client.get(f"/api/v1/applications/{draft['id']}", **as_citizen).json()
    assert {c["service"]: c["status"] for c in final["cases"]}["residence-registration"] == (
        "approved"
    )
    history = [(h["service"], h["status"]) for h in final["history"]]
    assert ("residence-registration", "approved") in history
    assert history[0] == (None, "draft")


def test_an_officer_of_another_agency_gets_403(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    person = find_person(citizen.iin)
    data = {"passport": sample_values(service_version("passport"), person)}
    created = client.post(
        "/api/v1/applications", {"service": "passport", "data": data, "submit": True},
        content_type="application/json", **bearer(citizen),
    ).json()  # fmt: skip
    case_id = created["cases"][0]["id"]
    from qyzmet.catalog.models import Agency

    stranger = OfficerFactory(agency=Agency.objects.get(slug="health"))
    response = client.get(f"/api/v1/cases/{case_id}", **bearer(stranger))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_retried_post_with_the_same_idempotency_key_creates_one_application(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    headers = bearer(citizen)
    slug = "criminal-record-certificate"
    values = sample_values(service_version(slug), find_person(citizen.iin))
    body = {"service": slug, "submit": True, "data": {slug: values}}
    responses = [
        client.post(
            "/api/v1/applications",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="retry-1",
            **headers,
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert citizen.applications.count() == 1
    other = client.post(
        "/api/v1/applications", {**body, "data": {slug: {}}}, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="retry-1", **headers,
    )  # fmt: skip
    assert other.status_code == 409
