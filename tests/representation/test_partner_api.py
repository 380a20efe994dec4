"""Acting for others through ``/api/v1``: a partner acting with a representative's grant
lists whom they may act for and applies in the principal's name within the mandate; the
principal follows what was made in their name; mandates are given, answered and ended over
the API; every refusal is problem+json in the caller's language."""

from __future__ import annotations

import pytest

from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.registries.fields import find_person
from qyzmet.representation.mandates import accept_mandate, grant_mandate
from tests.callers import bearer
from tests.partners.conftest import ALL, PartnerClient
from tests.representation.conftest import OTHER_SERVICE, SERVICE, later

pytestmark = pytest.mark.django_db
MANDATES = ("mandates:read", "mandates:write")
EVERYTHING = ("applications:read", "applications:write", *MANDATES)


@pytest.fixture
def partner(client, db) -> PartnerClient:
    onboarded = onboard_partner(
        name="Agency Bank", scopes=[*ALL, *MANDATES], webhook_url="https://bank.test/hook"
    )
    as_partner = PartnerClient(client, onboarded)
    assert as_partner.fetch_token().status_code == 200
    return as_partner


@pytest.fixture
def mandate(principal, representative):
    given = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[SERVICE],
        until=later(30), channel="portal",
    )  # fmt: skip
    return accept_mandate(mandate=given, representative=representative, channel="portal")


@pytest.fixture
def grant(partner, representative, mandate) -> str:
    """The partner's token acting for the representative, who consented to everything."""
    return partner.grant(representative.iin, scopes=EVERYTHING)


def apply(partner, token, principal, slug=SERVICE, language="en"):
    values = sample_values(service_version(slug), find_person(principal.iin))
    body = {"service": slug, "on_behalf_of": principal.iin, "data": {slug: values}, "submit": True}
    return partner.call("post", "/applications", body, token=token, HTTP_ACCEPT_LANGUAGE=language)


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def test_the_partner_lists_whom_the_representative_may_act_for(
    partner, grant, principal, representative, mandate
):
    found = partner.call("get", f"/representation/represented?service={SERVICE}", token=grant)

    assert found.status_code == 200, found.content
    chosen = {entry["on_behalf_of"]: entry for entry in found.json()}
    assert chosen[representative.iin]["ground"] == "self"
    assert chosen[principal.iin]["ground"] == "granted"
    assert chosen[principal.iin]["mandate"] == str(mandate.pk)
    assert chosen[principal.iin]["services"] == [SERVICE]
    other = partner.call("get", f"/representation/represented?service={OTHER_SERVICE}", token=grant)
    assert [entry["on_behalf_of"] for entry in other.json()] == [representative.iin]


def test_a_partner_with_the_representatives_grant_applies_for_the_principal(
    partner, grant, principal, representative, mandate
):
    response = apply(partner, grant, principal)

    assert response.status_code == 201, response.content
    made = response.json()
    assert made["status"] != "draft" and made["submitted_at"]
    assert made["subject_iin"] == principal.iin
    assert (made["ground"], made["mandate"]) == ("granted", str(mandate.pk))
    assert made["made_by_iin"] == representative.iin


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("kk", "оның сенімхаты бұл қызметті қамтымайды"),
        ("ru", "его доверенность не распространяется на эту услугу"),
        ("en", "their mandate does not cover this service"),
    ],
)
def test_outside_the_mandates_services_the_partner_is_refused_in_the_callers_language(
    partner, grant, principal, language, said
):
    refused = problem_of(apply(partner, grant, principal, OTHER_SERVICE, language), 403)

    assert refused["code"] == "representation.not_allowed"
    assert said in refused["detail"]


def test_after_the_principal_ends_the_mandate_the_partner_is_refused(
    client, partner, grant, principal, mandate
):
    ended = client.post(f"/api/v1/mandates/{mandate.pk}/end", {}, "application/json",
                        **bearer(principal))  # fmt: skip
    assert ended.status_code == 200, ended.content
    assert (ended.json()["status"], ended.json()["ended_by"]) == ("ended", "principal")

    refused = problem_of(apply(partner, grant, principal, language="ru"), 403)

    assert "его доверенность прекращена" in refused["detail"]


def test_the_principal_follows_the_application_made_in_their_name(
    client, partner, grant, principal, representative, mandate
):
    made = apply(partner, grant, principal).json()

    mine = client.get("/api/v1/applications", **bearer(principal))

    assert mine.status_code == 200
    listed = {a["id"]: a for a in mine.json()}
    assert listed[made["id"]]["made_by_iin"] == representative.iin
    assert listed[made["id"]]["ground"] == "granted"
    assert listed[made["id"]]["made_by_name"] == mandate.representative_name
    one = client.get(f"/api/v1/applications/{made['id']}", **bearer(principal))
    assert one.status_code == 200 and one.json()["subject_iin"] == principal.iin
    changed = client.post(f"/api/v1/applications/{made['id']}/withdraw", {}, "application/json",
                          **bearer(principal))  # fmt: skip
    assert changed.status_code == 404  # only the one who made it withdraws it


def test_a_mandate_is_given_accepted_and_ended_over_the_api(
    client, partner, principal, representative
):
    as_principal = partner.grant(principal.iin, scopes=MANDATES)
    body = {"representative_iin": representative.iin, "services": [SERVICE],
            "until": later(60).isoformat()}  # fmt: skip

    given = partner.call("post", "/mandates", body, token=as_principal)

    assert given.status_code == 201, given.content
    offered = given.json()
    assert (offered["status"], offered["role"]) == ("offered", "principal")
    received = client.get("/api/v1/mandates?role=representative", **bearer(representative))
    assert [m["id"] for m in received.json()] == [offered["id"]]
    assert received.json()[0]["role"] == "representative"
    accepted = client.post(f"/api/v1/mandates/{offered['id']}/accept", **bearer(representative))
    assert accepted.status_code == 200 and accepted.json()["status"] == "active"
    again = client.post(f"/api/v1/mandates/{offered['id']}/decline",
                        HTTP_ACCEPT_LANGUAGE="kk", **bearer(representative))  # fmt: skip
    assert problem_of(again, 409)["detail"] == "Бұл сенімхат енді жауап күтпейді."
    ended = client.post(f"/api/v1/mandates/{offered['id']}/end", {"reason": "moved away"},
                        "application/json", **bearer(representative))  # fmt: skip
    assert ended.status_code == 200, ended.content
    assert (ended.json()["status"], ended.json()["ended_by"]) == ("ended", "representative")
    listed = partner.call("get", "/mandates", token=as_principal).json()
    assert [(m["id"], m["status"]) for m in listed] == [(offered["id"], "ended")]


def test_a_declined_mandate_stays_declined(client, principal, representative):
    body = {"representative_iin": representative.iin, "until": later(10).isoformat()}
    offered = client.post("/api/v1/mandates", body, "application/json", **bearer(principal))
    assert offered.status_code == 201 and offered.json()["services"] == []

    declined = client.post(f"/api/v1/mandates/{offered.json()['id']}/decline",
                           **bearer(representative))  # fmt: skip

    assert declined.json()["status"] == "declined"


def test_nobody_else_sees_or_answers_a_mandate(client, principal, representative, stranger_iin):
    from tests.factories import CitizenFactory

    stranger = CitizenFactory(iin=stranger_iin)
    body = {"representative_iin": representative.iin, "until": later(10).isoformat()}
    offered = client.post("/api/v1/mandates", body, "application/json", **bearer(principal))
    mandate = offered.json()["id"]

    assert client.get(f"/api/v1/mandates/{mandate}", **bearer(stranger)).status_code == 404
    assert client.post(f"/api/v1/mandates/{mandate}/accept", **bearer(stranger)).status_code == 404
    assert client.post(f"/api/v1/mandates/{mandate}/accept", **bearer(principal)).status_code == 404
    assert client.get("/api/v1/mandates/not-a-uuid", **bearer(principal)).status_code == 404


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("kk", "Сенім білдіруші мен өкіл екі түрлі адам болуы керек."),
        ("ru", "Доверитель и представитель должны быть разными людьми."),
        ("en", "The principal and the representative must be two different people."),
    ],
)
def test_a_mandate_to_oneself_is_refused_with_the_field_named(client, principal, language, said):
    body = {"representative_iin": principal.iin, "until": later(10).isoformat()}

    refused = client.post("/api/v1/mandates", body, "application/json",
                          HTTP_ACCEPT_LANGUAGE=language, **bearer(principal))  # fmt: skip

    errors = problem_of(refused, 422)["errors"]
    assert said in [error["message"] for error in errors]


def test_a_partner_needs_the_citizens_consent_to_mandates(partner, principal, representative):
    only_applications = partner.grant(principal.iin)
    body = {"representative_iin": representative.iin, "until": later(10).isoformat()}

    refused = partner.call("post", "/mandates", body, token=only_applications,
                           HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip

    assert problem_of(refused, 403)["code"] == "auth.scope_missing"
    assert partner.call("get", "/representation/represented", token=only_applications
                        ).status_code == 403  # fmt: skip
    assert partner.call("get", "/mandates").status_code == 403  # its own token: no citizen
