"""The registry server's own answers (`qyzmet registry serve`), called as gunicorn calls it: a
sender whose signatures keep being refused is stopped for the minute, unread and unrecorded,
so a flood of forged requests cannot fill the access log; a well-signed client is not."""

from __future__ import annotations

import io
import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache

from qyzmet.exchange import server
from qyzmet.exchange.messages import Client, Purpose
from qyzmet.exchange.models import DataAccess, SecurityEvent
from qyzmet.exchange.server import application
from tests.exchange.helpers import request_for, signed

pytestmark = pytest.mark.django_db
NAME = "population.person.full_name"
LIVING = "population.person.living"
SIGN_IN = Purpose(kind="legal_basis", ref="citizen-sign-in")
PORTAL = Client(agency="digital-development", system="signin")


@pytest.fixture(autouse=True)
def _limits(settings, monkeypatch):
    # The server closes old connections around each request; here it is the test's own.
    monkeypatch.setattr(server, "close_old_connections", lambda: None)
    settings.EXCHANGE_AGENCY = "internal-affairs"
    settings.EXCHANGE_FORGERIES_PER_MINUTE = 3
    cache.clear()
    yield
    cache.clear()


def post(token: str, sender: str = "10.0.0.9") -> tuple[int, dict[str, str], bytes]:
    body = token.encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/exchange/v1/messages", "REMOTE_ADDR": sender,
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
    }  # fmt: skip
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started.update(status=int(status.split()[0]), headers=dict(headers))

    answer = b"".join(application(environ, start_response))
    return started["status"], started["headers"], answer


def forged(subject: str) -> str:
    request = request_for(subject=subject, fields=[NAME], purpose=SIGN_IN)
    return jwt.encode(request.claims(), Ed25519PrivateKey.generate(), algorithm="EdDSA",
                      headers={"kid": "internal-affairs-forged"})  # fmt: skip


def test_a_sender_of_forged_requests_is_stopped_for_the_minute_and_nothing_more_is_recorded(
    demo_people,
):
    iin = demo_people["parent"]
    for _ in range(3):
        assert post(forged(iin))[0] == 403  # refused and logged
    status, headers, body = post(forged(iin))
    assert status == 429 and headers["Retry-After"] == "60"
    assert json.loads(body)["detail"] == "too many refused signatures"
    assert SecurityEvent.objects.count() == 3
    assert not DataAccess.objects.exists()

    well_signed = request_for(subject=iin, fields=[LIVING], purpose=SIGN_IN, client=PORTAL)
    assert post(signed(well_signed), sender="10.0.0.7")[0] == 200  # others are answered


def test_well_signed_requests_never_meet_the_limit(demo_people):
    for _ in range(5):
        request = request_for(
            subject=demo_people["parent"], fields=[LIVING], purpose=SIGN_IN, client=PORTAL
        )
        assert post(signed(request))[0] == 200
