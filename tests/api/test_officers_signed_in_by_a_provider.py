"""On ``/api/v1`` (and GovStack) a browser session is an officer only once it is verified the
way the deployment asks: an officer signed in with their EDS counts as fully verified; when an
EDS is required, a session verified by a TOTP code, or by a password alone, is nobody."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.backoffice.conftest import officer_with_second_factor
from tests.backoffice.signing_in import officer_iin, sign_in_with_eds, tie
from tests.callers import officer_session

pytestmark = pytest.mark.django_db
GOVSTACK = "/govstack/registration"
MEDIATOR = {"HTTP_INFORMATION_MEDIATOR_CLIENT": "eGovStack/GOV/90000009/digitalregistries"}


@pytest.fixture
def officers_use_eds(settings, eds_trust):
    settings.IDENTITY_PROVIDERS = ["demo", "eds"]
    settings.OFFICER_IDENTITY_PROVIDERS = ["eds"]
    return eds_trust


@pytest.fixture
def officer(db):
    return tie(officer_with_second_factor("internal-affairs"), officer_iin())


def session(officer, *, verified):
    key = officer_session(officer, verified=verified)
    return {"HTTP_COOKIE": f"{django_settings.SESSION_COOKIE_NAME}={key}"}


def test_an_officer_signed_in_with_their_eds_is_an_officer_on_the_api(
    client, officers_use_eds, officer
):
    assert sign_in_with_eds(client, officers_use_eds.pki.person(officer_iin())).status_code == 302

    cases = client.get("/api/v1/cases")
    assert cases.status_code == 200, cases.content
    assert client.get(f"{GOVSTACK}/tasks", **MEDIATOR).status_code == 200


def test_a_session_verified_by_a_totp_code_is_nobody_when_an_eds_is_required(
    client, officers_use_eds, officer
):
    response = client.get("/api/v1/cases", **session(officer, verified=True))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    on_govstack = client.get(f"{GOVSTACK}/tasks", **MEDIATOR, **session(officer, verified=True))
    assert on_govstack.status_code == 401


def test_a_session_with_the_password_alone_is_nobody_when_an_eds_is_required(
    client, officers_use_eds, officer
):
    assert client.get("/api/v1/cases", **session(officer, verified=False)).status_code == 401


def test_without_the_setting_a_totp_verified_session_is_still_an_officer(client, officer):
    assert client.get("/api/v1/cases", **session(officer, verified=True)).status_code == 200
