"""Lists come a page at a time: ``limit`` and ``cursor``, the next page in the ``Link`` header,
the body the same bare list as before."""

from __future__ import annotations

import re

import pytest

from qyzmet.partners.onboarding import onboard_partner
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.partners.conftest import ALL, PartnerClient

pytestmark = pytest.mark.django_db


def next_link(response) -> str | None:
    if not response.has_header("Link"):
        return None
    found = re.fullmatch(r'<http://testserver(/[^>]+)>; rel="next"', response["Link"])
    assert found, response["Link"]
    return found.group(1)


def every_page(client, path, headers):
    pages = []
    while path:
        response = client.get(path, **headers)
        assert response.status_code == 200, response.content
        pages.append([row["id"] for row in response.json()])
        path = next_link(response)
    return pages


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["young_adult"])


def test_a_citizens_applications_come_in_pages_newest_first(client, citizen):
    made = [str(ApplicationFactory(citizen=citizen).pk) for _ in range(5)]
    pages = every_page(client, "/api/v1/applications?limit=2", bearer(citizen))
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [pk for page in pages for pk in page] == made[::-1]


def test_without_a_limit_the_list_is_what_it_always_was(client, citizen):
    made = [str(ApplicationFactory(citizen=citizen).pk) for _ in range(3)]
    response = client.get("/api/v1/applications", **bearer(citizen))
    assert [a["id"] for a in response.json()] == made[::-1]
    assert not response.has_header("Link")


def test_an_application_made_between_two_pages_does_not_repeat_one(client, citizen):
    made = [str(ApplicationFactory(citizen=citizen).pk) for _ in range(3)]
    first = client.get("/api/v1/applications?limit=2", **bearer(citizen))
    ApplicationFactory(citizen=citizen)
    rest = every_page(client, next_link(first), bearer(citizen))
    assert [a["id"] for a in first.json()] + rest[0] == made[::-1]


def test_a_partner_pages_through_the_applications_it_made_only(client, citizen):
    ApplicationFactory(citizen=citizen)
    bank = PartnerClient(client, onboard_partner(name="Demo Bank", scopes=ALL))
    bank.fetch_token()
    grant = {"HTTP_AUTHORIZATION": f"Bearer {bank.grant(citizen.iin)}"}
    made = [
        client.post(
            "/api/v1/applications", {"service": "passport"}, content_type="application/json",
            **grant,
        ).json()["id"]
        for _ in range(3)
    ]  # fmt: skip
    pages = every_page(client, "/api/v1/applications?limit=2", grant)
    assert [pk for page in pages for pk in page] == made[::-1]


def test_an_officers_queue_comes_in_pages_with_its_filters_kept(client, demo_people):
    officer = OfficerFactory()
    for iin in ("young_adult", "pensioner", "parent"):
        ApplicationFactory(citizen=CitizenFactory(iin=demo_people[iin]), submitted=True)
    ApplicationFactory(citizen=CitizenFactory(iin=demo_people["young_adult"]), in_review=True)
    everything = client.get("/api/v1/cases?status=submitted", **bearer(officer)).json()

    first = client.get("/api/v1/cases?status=submitted&limit=2", **bearer(officer))
    assert "status=submitted" in next_link(first)
    pages = [
        [c["id"] for c in first.json()],
        *every_page(client, next_link(first), bearer(officer)),
    ]

    assert [len(page) for page in pages] == [2, 1]
    assert [pk for page in pages for pk in page] == [c["id"] for c in everything]
    assert all(c["status"] == "submitted" for c in everything)


@pytest.mark.parametrize("cursor", ["nonsense", "W10:1abc:forged"])
def test_a_cursor_that_was_not_given_is_refused(client, citizen, cursor):
    response = client.get(
        f"/api/v1/applications?cursor={cursor}", HTTP_ACCEPT_LANGUAGE="ru", **bearer(citizen)
    )
    assert response.status_code == 422
    assert response.json()["code"] == "cursor.invalid"
    assert response.json()["detail"].startswith("Неверный курсор страницы")


def test_a_cursor_of_one_list_is_no_good_for_another(client, citizen, demo_people):
    for _ in range(2):
        ApplicationFactory(citizen=citizen, submitted=True)
    officer = bearer(OfficerFactory())
    cases = client.get("/api/v1/cases?limit=1", **officer)
    cursor = next_link(cases).split("cursor=")[1]
    response = client.get(f"/api/v1/applications?cursor={cursor}", **bearer(citizen))
    assert response.status_code == 422


@pytest.mark.parametrize("limit", [0, 501, "many"])
def test_a_limit_out_of_bounds_is_refused(client, citizen, limit):
    response = client.get(f"/api/v1/applications?limit={limit}", **bearer(citizen))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.limit"
