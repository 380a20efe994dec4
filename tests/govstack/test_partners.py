"""A partner calls GovStack with the same OAuth2 tokens as ``/api/v1/``: with a citizen's grant
it is that citizen, within the consented scopes and seeing only what it made; its own token
makes it nobody here."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import Application
from qyzmet.partners.onboarding import onboard_partner
from tests.factories import ApplicationFactory
from tests.govstack.conftest import Caller, assert_conforms
from tests.govstack.test_files import passport_file
from tests.partners.conftest import ALL, PartnerClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(client):
    bank = PartnerClient(client, onboard_partner(name="Demo Bank", scopes=ALL))
    assert bank.fetch_token().status_code == 200
    return bank


def as_bearer(client, token):
    return Caller(client, {"HTTP_AUTHORIZATION": f"Bearer {token}"})


def test_with_a_citizens_grant_a_partner_lists_the_files_it_made(client, bank, citizen):
    ApplicationFactory(citizen=citizen, submitted=True)  # made in the portal
    grant = as_bearer(client, bank.grant(citizen.iin))

    submitted = grant("POST", "/services/passport/applications", passport_file(citizen))
    listed = grant("GET", "/applications")

    assert submitted.status_code == 200, submitted.content
    assert listed.status_code == 200
    assert_conforms(listed.json(), "/applications", "get", 200)
    assert [f["fileId"] for f in listed.json()] == [submitted.json()["fileId"]]


def test_what_a_partner_submits_is_recorded_as_its_channel(client, bank, citizen):
    grant = as_bearer(client, bank.grant(citizen.iin))
    response = grant("POST", "/services/passport/applications", passport_file(citizen))
    application = Application.objects.get(pk=response.json()["fileId"])
    assert application.channel == "partner:demo-bank"
    mine = bank.call("get", "/applications", token=bank.grant(citizen.iin)).json()
    assert [a["id"] for a in mine] == [str(application.pk)]


def test_a_partner_does_not_read_a_file_made_elsewhere(client, bank, citizen):
    in_portal = ApplicationFactory(citizen=citizen, submitted=True)
    grant = as_bearer(client, bank.grant(citizen.iin))
    response = grant("GET", f"/applications/{in_portal.pk}")
    assert response.status_code == 404


def test_a_partners_own_token_is_no_citizen(client, bank, citizen):
    own = as_bearer(client, bank.token)
    listed = own("GET", "/applications")
    submitted = own("POST", "/services/passport/applications", passport_file(citizen))
    assert (listed.status_code, listed.json()["code"]) == (403, "auth.partner_needs_consent")
    assert (submitted.status_code, submitted.json()["code"]) == (
        403,
        "auth.partner_needs_consent",
    )
    assert own("GET", "/tasks").json() == []


def test_a_grant_carries_only_the_consented_scopes(client, bank, citizen):
    reader = as_bearer(client, bank.grant(citizen.iin, scopes=("applications:read",)))
    assert reader("GET", "/applications").status_code == 200
    refused = reader("POST", "/services/passport/applications", passport_file(citizen))
    assert (refused.status_code, refused.json()["code"]) == (403, "auth.scope_missing")
    assert not Application.objects.filter(citizen=citizen).exists()


def test_a_partner_over_its_rate_limit_is_told_when_to_come_back(client, citizen):
    slow = PartnerClient(client, onboard_partner(name="Slow", scopes=ALL, rate_limit=2))
    slow.fetch_token()
    own = as_bearer(client, slow.token)
    answers = [own("GET", "/tasks") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
