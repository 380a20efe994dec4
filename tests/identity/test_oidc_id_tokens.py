"""The ID token check on its own, with tokens these tests sign: what a provider would have to
get wrong for the real one to send them (several audiences, a shared-secret or unsigned token,
a tampered payload, clocks apart, a foreign access token)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from qyzmet.core.errors import Forbidden
from qyzmet.identity.oidc import LEEWAY_SECONDS, check_id_token

ISSUER = "https://idp.example"
CLIENT = "qyzmet"
NONCE = "nonce-1"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
KEYS = KeySet([RSAKey.import_key(KEY.as_dict(private=False))])


def token(header: dict[str, Any] | None = None, key: Any = KEY, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "sub": "s-1", "aud": CLIENT, "iat": now, "exp": now + 300,
               "nonce": NONCE, **claims}  # fmt: skip
    payload = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": "k1", **(header or {})}, payload, key)


def problem(id_token: str, **options: Any) -> str | None:
    try:
        check_id_token(
            id_token, keys=KEYS, issuer=ISSUER, client_id=CLIENT,
            nonce=options.pop("nonce", NONCE), **options,
        )  # fmt: skip
    except Forbidden as refused:
        return refused.code
    return None


def test_a_token_that_holds_gives_its_claims():
    claims = check_id_token(token(iin="920621330298"), keys=KEYS, issuer=ISSUER,
                            client_id=CLIENT, nonce=NONCE)  # fmt: skip
    assert claims["iin"] == "920621330298"


def test_several_audiences_need_the_authorized_party_to_be_this_client():
    assert problem(token(aud=[CLIENT, "other"])) == "signin.oidc.audience"
    assert problem(token(aud=[CLIENT, "other"], azp="other")) == "signin.oidc.audience"
    assert problem(token(aud=[CLIENT, "other"], azp=CLIENT)) is None
    assert problem(token(aud="other")) == "signin.oidc.audience"
    assert problem(token(aud=None)) == "signin.oidc.invalid_token"


def test_only_the_provider_s_private_key_signs():
    secret = OctKey.generate_key(256)
    assert problem(token({"alg": "HS256"}, key=secret)) == "signin.oidc.signature"
    unsigned = base64.urlsafe_b64encode(json.dumps({"alg": "none"}).encode()).rstrip(b"=")
    header, payload, _ = token().split(".")
    assert problem(f"{unsigned.decode()}.{payload}.") == "signin.oidc.signature"
    other = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    assert problem(token(key=other)) == "signin.oidc.signature"
    forged = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged["sub"] = "someone-else"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    assert problem(f"{header}.{forged_payload}.{token().split('.')[2]}") == "signin.oidc.signature"
    assert problem("not a token") == "signin.oidc.signature"


def test_clocks_may_be_a_little_apart_but_not_more():
    now = int(time.time())
    assert problem(token(exp=now - LEEWAY_SECONDS // 2)) is None
    assert problem(token(exp=now - LEEWAY_SECONDS - 5)) == "signin.oidc.expired"
    assert problem(token(iat=now + LEEWAY_SECONDS + 60)) == "signin.oidc.not_yet_valid"
    assert problem(token(exp=None)) == "signin.oidc.invalid_token"


def test_the_issuer_and_the_nonce_must_be_the_ones_expected():
    assert problem(token(iss="https://evil.example")) == "signin.oidc.issuer"
    assert problem(token(nonce="another")) == "signin.oidc.nonce"
    assert problem(token(nonce=None)) == "signin.oidc.invalid_token"
    assert problem(token(), nonce="") == "signin.oidc.nonce"


def test_the_access_token_hash_must_match_the_access_token_given_with_it():
    digest = hashlib.sha256(b"the-access-token").digest()[:16]
    at_hash = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert problem(token(at_hash=at_hash), access_token="the-access-token") is None
    assert problem(token(at_hash=at_hash), access_token="another") == "signin.oidc.invalid_token"


def test_an_unknown_key_id_is_left_to_the_caller_to_fetch_the_keys_again():
    from joserfc.errors import InvalidKeyIdError

    with pytest.raises(InvalidKeyIdError):
        problem(token({"kid": "k2"}))
