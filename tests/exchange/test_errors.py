"""A registry that does not answer or refuses is told to the user in their language with the
right status, never a 500."""

from __future__ import annotations

import dataclasses
import json

import pytest

from qyzmet.accounts.services import create_api_token
from qyzmet.applications.models import Application
from qyzmet.exchange import legal_bases
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_citizen(demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=citizen)}"}


def start(client, headers, language, service="residence-registration"):
    return client.post(
        "/api/v1/applications", json.dumps({"service": service}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **headers,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The registry is not answering right now. Try again shortly."),
        ("ru", "Регистр сейчас не отвечает. Повторите чуть позже."),
        ("kk", "Тіркелім қазір жауап бермей тұр. Сәлден соң қайталаңыз."),
    ],
)
def test_a_registry_that_does_not_answer_is_a_503(client, as_citizen, settings, language, message):
    settings.EXCHANGE_PROVIDERS = {"population": "http://127.0.0.1:9"}  # nothing listens there
    response = start(client, as_citizen, language)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == message
    assert not Application.objects.exists()


def test_a_refusal_is_a_403_that_says_why(client, as_citizen, monkeypatch):
    bases = dict(legal_bases.legal_bases())
    narrowed = dataclasses.replace(bases["application-subject"], fields=frozenset())
    monkeypatch.setattr(legal_bases, "legal_bases", lambda: {**bases, narrowed.code: narrowed})
    # its pre-fill reads the business registry alone, so the applicant is confirmed on their own
    response = start(client, as_citizen, "ru", service="business-start-notification")
    assert response.status_code == 403
    assert response.json()["code"] == "exchange.refused"
    assert "field.not_allowed" in response.json()["detail"]
    assert response.json()["detail"].startswith("Регистр отказал")
