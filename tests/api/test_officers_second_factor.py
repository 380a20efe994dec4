"""Officers and operators reach the APIs only with their second factor: their development
tokens are refused (a citizen's still works in a demo), and a browser session signed in with
the password alone is nobody."""

from __future__ import annotations

import pytest
from django.conf import settings

from qyzmet.accounts.services import create_api_token
from tests.callers import officer_session
from tests.factories import CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db
GOVSTACK = "/govstack/registration"
MEDIATOR = {"HTTP_INFORMATION_MEDIATOR_CLIENT": "eGovStack/GOV/90000009/digitalregistries"}


def token(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=user)}"}


def session(officer, *, verified):
    key = officer_session(officer, verified=verified)
    return {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={key}"}


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Development tokens are for citizens"), ("ru", "Токены разработки"),
     ("kk", "Әзірлеу токендері")],
)  # fmt: skip
def test_an_officers_development_token_is_refused_in_their_language(client, language, words):
    response = client.get("/api/v1/cases", HTTP_ACCEPT_LANGUAGE=language, **token(OfficerFactory()))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert words in response.json()["detail"]


def test_an_officers_development_token_is_refused_on_govstack(client):
    response = client.get(
        f"{GOVSTACK}/tasks", HTTP_ACCEPT_LANGUAGE="en", **MEDIATOR, **token(OfficerFactory())
    )
    assert response.status_code == 403
    assert "Development tokens are for citizens" in response.content.decode()


def test_an_operators_development_token_is_refused(client, django_user_model):
    operator = django_user_model.objects.create(username="operator", is_staff=True)
    response = client.get("/api/v1/applications", HTTP_ACCEPT_LANGUAGE="en", **token(operator))
    assert response.status_code == 403
    assert "Development tokens are for citizens" in response.json()["detail"]


def test_a_citizens_development_token_still_works_in_a_demo(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    assert client.get("/api/v1/applications", **token(citizen)).status_code == 200


def test_a_session_signed_in_with_the_password_alone_is_not_an_officer(client):
    officer = OfficerFactory()
    response = client.get("/api/v1/cases", **session(officer, verified=False))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    on_govstack = client.get(f"{GOVSTACK}/tasks", **MEDIATOR, **session(officer, verified=False))
    assert on_govstack.status_code == 401


def test_a_session_verified_with_the_second_factor_is_an_officer(client):
    officer = OfficerFactory()
    assert client.get("/api/v1/cases", **session(officer, verified=True)).status_code == 200
    on_govstack = client.get(f"{GOVSTACK}/tasks", **MEDIATOR, **session(officer, verified=True))
    assert on_govstack.status_code == 200
