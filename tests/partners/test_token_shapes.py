"""Two kinds of bearer token reach /api/v1: a partner's OAuth2 token (letters and digits) and a
citizen's development token (``qz_...``). Each is looked up only where its shape says it
lives, and both still let their caller in; a token of neither kind is a 401."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.accounts.services import create_api_token
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def development_tokens(settings):
    settings.DEVELOPMENT_TOKENS = True


def _tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_development_token_lets_the_citizen_in_without_an_oauth2_lookup(
    client, development_tokens
):
    citizen = CitizenFactory()
    token = create_api_token(user=citizen)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert "oauth2_provider_accesstoken" not in _tables(queries)


def test_a_partners_token_lets_the_partner_in_without_a_development_token_lookup(
    partner, development_tokens
):
    assert not partner.token.startswith("qz_")
    asked = partner.consent_of(CitizenFactory().iin).json()

    with CaptureQueriesContext(connection) as queries:
        response = partner.call("get", f"/consents/{asked['id']}")

    assert response.status_code == 200
    assert "accounts_apitoken" not in _tables(queries)


@pytest.mark.parametrize("token", ["qz_not-a-token-anyone-holds", "NotATokenAnyoneHolds1234"])
def test_a_token_nobody_issued_is_refused(client, development_tokens, token):
    response = client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


def test_a_development_token_is_refused_where_they_are_off(client, settings):
    token = create_api_token(user=CitizenFactory())
    settings.DEVELOPMENT_TOKENS = False

    response = client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


def test_a_development_token_of_a_deactivated_citizen_is_refused(client, development_tokens):
    citizen = CitizenFactory()
    token = create_api_token(user=citizen)
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])

    response = client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
