"""GET /api/v1/data-accesses: the citizen's data tracker through the API, for the citizen
themself or for a partner with the citizen's grant carrying ``data-accesses:read``; nothing
about anyone else, refused requests too, hidden ones once their period ends."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.partners.onboarding import onboard_partner
from qyzmet.registries.fields import full_name
from qyzmet.tracker.concealments import hide_access
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.partners.conftest import ALL, PartnerClient
from tests.tracker.factories import DataAccessFactory, access_caused_by, days_pass

pytestmark = pytest.mark.django_db
TRACKER = "data-accesses:read"


def told(response) -> list[dict]:
    """The accesses listed, but for the tracker's own read of the citizen's children (which
    every call makes, and lists: ``test_children_in_the_tracker``)."""
    return [a for a in response.json() if a["client"]["system"] != "tracker"]


@pytest.fixture
def me(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def partner(client) -> PartnerClient:
    as_partner = PartnerClient(client, onboard_partner(name="Demo Bank", scopes=[*ALL, TRACKER]))
    assert as_partner.fetch_token().status_code == 200
    return as_partner


def test_a_citizen_reads_their_data_tracker_and_nothing_about_others(client, me, demo_people):
    application = ApplicationFactory(citizen=me, submitted=True)
    access_caused_by(application, client_agency="internal-affairs", message_id="mine")
    DataAccessFactory(iin=demo_people["pensioner"], message_id="theirs")
    client.force_login(me)

    response = client.get("/api/v1/data-accesses", HTTP_ACCEPT_LANGUAGE="kk")

    assert response.status_code == 200
    ids = [a["id"] for a in response.json()]  # with the reads submitting the application made
    assert "theirs" not in ids
    [access] = [a for a in response.json() if a["id"] == "mine"]
    assert access["outcome"] == "granted"
    assert access["client"]["agency"] == "internal-affairs"
    assert access["client"]["system"] == "prefill"
    assert access["client"]["system_name"]["en"] == "Pre-filling an application form"
    assert access["registry_name"]["ru"] == "Регистр населения"
    assert [f["label"]["en"] for f in access["fields"]] == ["Full name", "Date of birth"]
    purpose = access["purpose"]
    assert purpose["kind"] == "application" and purpose["application_id"] == str(application.pk)
    assert purpose["text"]["en"].startswith(f"Your application no. {application.reference}")
    assert access["refusal"] is None and access["hidden_until"] is None


def test_anothers_application_is_named_but_not_linked(client, me, demo_people):
    someone = CitizenFactory(iin=demo_people["pensioner"])
    theirs = ApplicationFactory(citizen=someone, submitted=True)
    DataAccessFactory(iin=me.iin, purpose_kind="application", purpose_ref=str(theirs.pk))
    client.force_login(me)

    [access] = told(client.get("/api/v1/data-accesses"))

    assert access["purpose"]["application_id"] is None
    assert access["purpose"]["text"]["en"].startswith("Another person's application: ")
    assert theirs.reference not in str(access)


def test_refused_requests_come_with_their_reason(client, me):
    DataAccessFactory(iin=me.iin, refused=True)
    client.force_login(me)
    [access] = told(client.get("/api/v1/data-accesses"))
    assert access["outcome"] == "refused"
    assert access["refusal"]["en"] == "The data asked for is not allowed for this service"


def test_pages_follow_the_link_header_newest_first(client, me):
    now = timezone.now()
    for hours in range(5):
        DataAccessFactory(
            iin=me.iin, at=now - datetime.timedelta(hours=hours), message_id=f"{hours}"
        )
    client.force_login(me)

    first = client.get("/api/v1/data-accesses?limit=3")
    following = first["Link"].split("<")[1].split(">")[0]
    second = client.get(following)

    assert [a["id"] for a in told(first) + told(second)] == ["0", "1", "2", "3", "4"]
    assert "Link" not in second


def test_one_registry_or_a_clear_error(client, me):
    DataAccessFactory(iin=me.iin, registry="vehicles", message_id="car")
    DataAccessFactory(iin=me.iin, message_id="person")
    client.force_login(me)

    assert [a["id"] for a in told(client.get("/api/v1/data-accesses?registry=vehicles"))] == ["car"]
    wrong = client.get("/api/v1/data-accesses?registry=cars", HTTP_ACCEPT_LANGUAGE="ru")
    assert wrong.status_code == 422 and wrong["Content-Type"] == "application/problem+json"
    assert wrong.json()["errors"][0]["message"].startswith("Выберите один из регистров: ")


def test_a_hidden_access_is_left_out_until_its_period_ends(client, me):
    DataAccessFactory(iin=me.iin, message_id="hidden")
    hide_access(
        message_id="hidden", basis="operational-search", reference="ORD 44/2026",
        requested_by="National Security Committee", actor=None, channel="cli",
        until=timezone.now() + datetime.timedelta(days=60),
    )  # fmt: skip
    client.force_login(me)
    assert told(client.get("/api/v1/data-accesses")) == []

    days_pass(60)

    [access] = told(client.get("/api/v1/data-accesses"))
    assert access["id"] == "hidden" and access["hidden_until"] is not None
    assert access["hidden_basis"]["en"].startswith("operational-search activity")
    assert "ORD 44/2026" not in str(access)


def test_a_partner_reads_it_with_the_citizens_grant_for_it(partner, me, demo_people):
    DataAccessFactory(iin=me.iin, message_id="mine", client_system="partner:demo-bank")
    DataAccessFactory(iin=demo_people["pensioner"], message_id="theirs")

    granted = partner.grant(me.iin, scopes=(TRACKER,))
    listed = partner.call("get", "/data-accesses", token=granted)

    assert listed.status_code == 200
    accesses = {a["id"]: a for a in listed.json()}  # with the partner's own consent check
    assert "mine" in accesses and "theirs" not in accesses
    assert accesses["mine"]["client"]["system_name"]["en"] == "Partner: Demo Bank"


def test_a_partner_without_the_scope_is_refused(partner, me):
    DataAccessFactory(iin=me.iin)
    reader = partner.grant(me.iin, scopes=("applications:read",))

    refused = partner.call("get", "/data-accesses", token=reader)
    own = partner.call("get", "/data-accesses")

    assert refused.status_code == 403 and refused.json()["code"] == "auth.scope_missing"
    assert own.status_code == 403 and own.json()["code"] == "auth.partner_needs_consent"


def test_a_partner_not_allowed_the_scope_cannot_even_ask_for_it(client, me):
    limited = PartnerClient(client, onboard_partner(name="Small Bank", scopes=ALL))
    assert limited.fetch_token().status_code == 200
    asked = limited.consent_of(me.iin, scopes=(TRACKER,))
    assert asked.status_code == 422


def test_officers_have_no_data_tracker(client):
    assert client.get("/api/v1/data-accesses", **bearer(OfficerFactory())).status_code == 403


def test_the_requests_for_one_application_and_its_cases(client, me, demo_people):
    application = ApplicationFactory(citizen=me, submitted=True)
    other = ApplicationFactory(citizen=me, submitted=True, service="address-certificate")
    access_caused_by(application, message_id="prefill")
    DataAccessFactory(
        iin=me.iin, message_id="check", purpose_kind="case",
        purpose_ref=str(application.cases.get().pk),
    )  # fmt: skip
    access_caused_by(other, message_id="other")
    theirs = ApplicationFactory(citizen=CitizenFactory(iin=demo_people["pensioner"]))
    client.force_login(me)

    listed = client.get(f"/api/v1/data-accesses?application_id={application.pk}")
    not_mine = client.get(f"/api/v1/data-accesses?application_id={theirs.pk}")

    ids = {a["id"] for a in listed.json()}  # with the reads submitting it made
    assert {"check", "prefill"} <= ids and "other" not in ids
    assert not_mine.status_code == 422
    assert not_mine.json()["errors"][0] == {
        "field": "application_id", "code": "tracker.application",
        "message": "None of your applications has this id.",
    }  # fmt: skip
    assert client.get("/api/v1/data-accesses?application_id=nonsense").status_code == 422


def test_a_partner_with_the_parents_grant_sees_their_minor_childs_requests(
    partner, me, demo_people
):
    from tests.tracker.test_children import minor_child, strangers_minor_child

    child, stranger = minor_child(me.iin), strangers_minor_child(me.iin)
    DataAccessFactory(iin=child.iin, message_id="childs", client_agency="education")
    DataAccessFactory(iin=stranger.iin, message_id="strangers")
    DataAccessFactory(iin=me.iin, message_id="mine")
    granted = partner.grant(me.iin, scopes=(TRACKER,))

    listed = partner.call("get", "/data-accesses", token=granted)

    accesses = {a["id"]: a for a in listed.json()}
    assert "strangers" not in accesses and child.iin not in listed.content.decode()
    about = accesses["childs"]["about"]
    assert about["relation"] == "child" and about["key"].startswith("child-")
    assert about["name"]["ru"] == full_name(child)["ru"]
    assert accesses["mine"]["about"] == {"relation": "self", "key": "me", "name": None}
    [finding] = [a for a in listed.json() if a["client"]["system"] == "tracker"]
    assert finding["purpose"]["legal_basis"] == "data-tracker-children"
    assert finding["about"]["relation"] == "self"

    only_child = partner.call("get", f"/data-accesses?about={about['key']}", token=granted)
    only_me = partner.call("get", "/data-accesses?about=me", token=granted)
    wrong = partner.call("get", "/data-accesses?about=" + child.iin, token=granted)

    assert [a["id"] for a in only_child.json()] == ["childs"]
    assert "childs" not in {a["id"] for a in only_me.json()}
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "about"
