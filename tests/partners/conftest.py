"""A partner onboarded by an operator, and helpers to call the API as that partner."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest

from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.notifications.models import Notification
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.registries.fields import find_person
from tests.partners.receiver import Receiver

ALL = ["consents:request", "applications:read", "applications:write", "catalog:read"]
WEBHOOKS = ["webhooks:read", "webhooks:write"]


class PartnerClient:
    """The Django test client speaking as one partner: its own token, then citizens' grants."""

    def __init__(self, client: Any, onboarded: Any) -> None:
        self.client = client
        self.onboarded = onboarded
        self.partner = onboarded.partner
        self.token = ""

    def fetch_token(self, secret: str | None = None) -> Any:
        credentials = f"{self.onboarded.client_id}:{secret or self.onboarded.client_secret}"
        response = self.client.post(
            "/oauth/token/",
            {"grant_type": "client_credentials"},
            HTTP_AUTHORIZATION="Basic " + base64.b64encode(credentials.encode()).decode(),
        )
        if response.status_code == 200:
            self.token = response.json()["access_token"]
        return response

    def call(self, method: str, path: str, body: Any = None, token: str = "", **headers: Any):
        send = getattr(self.client, method)
        kwargs = {"content_type": "application/json"} if body is not None else {}
        return send(
            f"/api/v1{path}",
            body,
            HTTP_AUTHORIZATION=f"Bearer {token or self.token}",
            **kwargs,
            **headers,
        )

    def consent_of(self, iin: str, scopes=("applications:read", "applications:write")) -> Any:
        return self.call(
            "post",
            "/consents",
            {"iin": iin, "scopes": list(scopes), "purpose": "A mortgage application"},
        )

    def grant(self, iin: str, **kwargs: Any) -> str:
        """Ask for consent, confirm with the code the citizen received, get a grant token."""
        consent = self.consent_of(iin, **kwargs).json()
        confirmed = self.call(
            "post", f"/consents/{consent['id']}/confirm", {"code": code_sent_to(iin)}
        )
        assert confirmed.status_code == 200, confirmed.content
        return self.call("post", f"/consents/{consent['id']}/token").json()["access_token"]


def submit_through(partner: PartnerClient, iin: str, service: str = "passport") -> dict:
    """The citizen lets the partner act for them, and the partner submits for them."""
    grant = partner.grant(iin)
    values = sample_values(service_version(service), find_person(iin))
    body = {"service": service, "data": {service: values}, "submit": True}
    response = partner.call("post", "/applications", body, token=grant)
    assert response.status_code == 201, response.content
    return response.json()


def code_sent_to(iin: str) -> str:
    message = Notification.objects.filter(kind="consent.code", address=iin).order_by("-pk").first()
    assert message is not None
    return re.search(r"\b(\d{6})\b", message.body).group(1)


@pytest.fixture
def partner(client, db) -> PartnerClient:
    onboarded = onboard_partner(name="Demo Bank", scopes=ALL, webhook_url="https://bank.test/hook")
    as_partner = PartnerClient(client, onboarded)
    assert as_partner.fetch_token().status_code == 200
    return as_partner


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """The partner's webhook endpoint, listening on 127.0.0.1."""
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def hooked(client, db, receiver) -> PartnerClient:
    """A partner whose webhooks go to ``receiver``, allowed to read its delivery log."""
    onboarded = onboard_partner(name="Hook Bank", scopes=ALL + WEBHOOKS, webhook_url=receiver.url)
    as_partner = PartnerClient(client, onboarded)
    assert as_partner.fetch_token().status_code == 200
    return as_partner
