"""The list of applications a citizen follows says of each what the application's own page
says (a list reads only what it shows, its catalogue slugs read by the database), and reads a
page in as many statements however many rows it has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.applications.services import start_application, submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import active_businesses, find_person
from qyzmet.representation.mandates import accept_mandate, grant_mandate
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory
from tests.representation.conftest import SERVICE, later

pytestmark = pytest.mark.django_db
COMPANY_SERVICE = "llp-address-change"


def values(citizen, slug: str) -> dict:
    return {slug: sample_values(service_version(slug), find_person(citizen.iin))}


@pytest.fixture
def head(demo_people):
    """A company's head, who follows their own applications, their company's and one a
    representative made in their name under a mandate."""
    return CitizenFactory(iin=demo_people["entrepreneur"])


@pytest.fixture
def representative(demo_people):
    return CitizenFactory(iin=demo_people["young_adult"])


def made_in_their_name(head, representative):
    given = grant_mandate(
        principal=head, representative_iin=representative.iin, services=[SERVICE],
        until=later(30), channel="portal",
    )  # fmt: skip
    accept_mandate(mandate=given, representative=representative, channel="portal")
    return submit_application(
        citizen=representative, channel="portal", service=SERVICE, on_behalf_of=head.iin,
        data=values(head, SERVICE),
    )  # fmt: skip


def test_each_listed_application_says_what_its_own_page_says(client, head, representative):
    ApplicationFactory(citizen=head, submitted=True)
    start_application(citizen=head, channel="api", life_situation="moving")
    company = active_businesses(find_person(head.iin))[0]
    submit_application(
        citizen=head, channel="portal", service=COMPANY_SERVICE, on_behalf_of=company.bin,
        data=values(head, COMPANY_SERVICE),
    )  # fmt: skip
    made_in_their_name(head, representative)

    listed = client.get("/api/v1/applications", **bearer(head))

    assert listed.status_code == 200
    rows = listed.json()
    assert {(r["life_situation"], r["service"], r["ground"]) for r in rows} == {
        (None, "passport", "self"),
        ("moving", None, "self"),
        (None, COMPANY_SERVICE, "company-head"),
        (None, SERVICE, "granted"),
    }
    for row in rows:
        shown = client.get(f"/api/v1/applications/{row['id']}", **bearer(head)).json()
        assert row == {name: shown[name] for name in row}
    by_ground = {r["ground"]: r for r in rows}
    assert by_ground["company-head"]["subject_bin"] == company.bin
    assert by_ground["granted"]["made_by_iin"] == representative.iin
    assert by_ground["granted"]["made_by_name"] and by_ground["granted"]["mandate"]


def page_read(client, citizen) -> tuple[int, list]:
    """The statements a page of the citizen's list sends, and its rows."""
    with CaptureQueriesContext(connection) as page:
        response = client.get("/api/v1/applications", **bearer(citizen))
    assert response.status_code == 200
    return len(page.captured_queries), response.json()


def test_a_page_is_read_in_as_many_statements_however_many_rows(client, head, representative):
    ApplicationFactory(citizen=head)
    page_read(client, head)  # the first reads the companies the citizen heads, and keeps them
    statements, rows = page_read(client, head)
    assert len(rows) == 1
    start_application(citizen=head, channel="api", life_situation="moving")
    made_in_their_name(head, representative)

    assert page_read(client, head)[0] == statements
