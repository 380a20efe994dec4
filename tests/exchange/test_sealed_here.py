"""A message sealed in this process and answered in it is not parsed back to learn what it
says (decision 71), yet every one is verified on the token itself: its signature, its key and
its audience, as any message from elsewhere."""

from __future__ import annotations

import jwt
import pytest

from qyzmet.exchange.client import legal_basis
from qyzmet.exchange.messages import Client
from qyzmet.exchange.signing import Untrusted, read_unverified, seal, unseal
from tests.exchange.helpers import request_for

pytestmark = pytest.mark.django_db

SIGN_IN = Client(agency="digital-development", system="signin")


def _claims(iin: str) -> dict:
    request = request_for(
        subject=iin, fields=["population.person.living"], purpose=legal_basis("citizen-sign-in"),
        client=SIGN_IN,
    )  # fmt: skip
    return request.claims()


def test_a_message_sealed_here_reads_as_its_token_says(demo_people):
    token = seal(_claims(demo_people["parent"]), agency="digital-development")

    carried = jwt.decode(token, options={"verify_signature": False})
    assert read_unverified(token) == carried
    assert unseal(token, audience=carried["aud"]) == carried


def test_a_message_sealed_here_is_still_verified(demo_people):
    claims = _claims(demo_people["parent"])
    token = seal(claims, agency="digital-development")
    head, body, signature = token.split(".")
    other = "A" if signature[0] != "A" else "B"

    with pytest.raises(Untrusted):
        unseal(f"{head}.{body}.{other}{signature[1:]}", audience=claims["aud"])
    with pytest.raises(Untrusted):  # for another agency: its audience is checked on the token
        unseal(token, audience="justice")
