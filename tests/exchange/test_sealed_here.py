"""A message sealed in this process and answered in it is not parsed back to learn what it
says (decision 71), nor its signature verified again when it was made here with the key the
trust list certifies (decision 85); its key, its claims and its audience are checked as any
message's, and any other token (changed, sealed elsewhere, or with another key) is verified."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qyzmet.exchange import signing
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


class CountedVerifications:
    """PyJWT as ``signing`` uses it, counting the tokens it is asked to verify."""

    def __init__(self) -> None:
        self.asked = 0

    def __getattr__(self, name: str) -> object:
        return getattr(jwt, name)

    def decode(self, token: str, *args: object, **kwargs: object) -> dict:
        self.asked += 1
        return jwt.decode(token, *args, **kwargs)  # type: ignore[arg-type]


def test_a_message_sealed_here_with_its_certified_key_is_not_verified_twice(
    demo_people, monkeypatch
):
    claims = _claims(demo_people["parent"])
    token = seal(claims, agency="digital-development")
    pyjwt = CountedVerifications()
    monkeypatch.setattr(signing, "jwt", pyjwt)

    assert unseal(token, audience=claims["aud"]) == jwt.decode(
        token, options={"verify_signature": False}
    )
    assert pyjwt.asked == 0
    with pytest.raises(Untrusted, match="another audience"):
        unseal(token, audience="justice")


def test_a_message_sealed_here_with_a_key_the_trust_list_does_not_certify_is_refused(
    demo_people, monkeypatch
):
    claims = _claims(demo_people["parent"])
    key_id, _ = signing._current_key("digital-development")  # the agency's own, loaded
    monkeypatch.setitem(signing._private_keys, key_id, Ed25519PrivateKey.generate())
    token = seal(claims, agency="digital-development")  # under the key id, another key
    pyjwt = CountedVerifications()
    monkeypatch.setattr(signing, "jwt", pyjwt)

    with pytest.raises(Untrusted, match="signature does not hold"):
        unseal(token, audience=claims["aud"])
    assert pyjwt.asked == 1  # verified on the token, as one from elsewhere


@pytest.mark.parametrize(
    ("changed", "refused"),
    [  # made as the test runs: a time made as the tests are collected is long past by then
        (lambda: {"iat": time.time() + 60}, "not valid yet"),
        (lambda: {"jti": None}, "'jti' claim is missing"),
        (lambda: {"exp": time.time() - 60}, "expired"),
        (lambda: {"iat": float("nan")}, "not a number"),
    ],
)
def test_the_claims_of_a_message_sealed_here_are_checked_as_any_messages(
    demo_people, monkeypatch, changed, refused
):
    claims = {**_claims(demo_people["parent"]), **changed()}
    token = seal(claims, agency="digital-development")
    pyjwt = CountedVerifications()
    monkeypatch.setattr(signing, "jwt", pyjwt)

    with pytest.raises(Untrusted, match=refused):
        unseal(token, audience=claims["aud"])
    assert pyjwt.asked == 0  # refused on what the process knows it sealed


def test_a_message_from_elsewhere_whose_time_of_issue_is_a_text_is_refused(demo_people):
    claims = {**_claims(demo_people["parent"]), "iat": str(int(time.time()))}
    token = seal(claims, agency="digital-development")
    signing._sealed.pop(token)  # as if sealed by another process

    with pytest.raises(Untrusted, match="not a number"):
        unseal(token, audience=claims["aud"])
