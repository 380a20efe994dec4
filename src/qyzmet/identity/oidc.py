"""OpenID Connect, qyzmet as the relying party: the protocol alone (no accounts, no settings).

Authorization code flow with PKCE (S256), ``state`` and ``nonce`` (Authlib's OAuth 2 client
session, over requests, builds the request and exchanges the code); the provider found through its
``/.well-known/openid-configuration``; the ID token's signature checked with the provider's
JWKS (joserfc, Authlib's own JOSE library), then its claims (Authlib's ``CodeIDToken``):
``iss``, ``aud`` (and ``azp``, which must name this client when present and be present when
the token has other audiences too), ``exp`` and ``iat`` with
:data:`LEEWAY_SECONDS` for clocks a little apart, the ``nonce`` sent, ``at_hash``.

Every refusal is a ``core.errors`` error with a ``signin.oidc.*`` message code: ``Forbidden``
for an answer that must not sign anyone in, ``Unavailable`` when the provider cannot be reached
or answers nonsense. Neither codes, tokens nor secrets are logged.

The provider's metadata and keys are kept per process for :data:`CACHE_SECONDS`; an ID token
signed with a key id not among the kept keys makes them fetched again, once (the provider has
rotated its keys).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from qyzmet.core.errors import Forbidden, Unavailable

logger = logging.getLogger(__name__)

LEEWAY_SECONDS = 60  # clocks of the provider and of this server may be this far apart
TIMEOUT_SECONDS = 10.0
CACHE_SECONDS = 3600  # metadata and keys are fetched again after an hour
# Signatures made with the provider's private key; never "none", never a shared secret.
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
              "EdDSA", "Ed25519")  # fmt: skip
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


@dataclass(frozen=True)
class RelyingParty:
    """This portal as a client of one OpenID provider."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    client_auth: str = "client_secret_basic"  # how the token endpoint is told who we are
    scopes: tuple[str, ...] = ("openid",)


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what its answer must match (kept until it comes back)."""

    url: str
    state: str
    nonce: str
    code_verifier: str = field(repr=False)


@dataclass(frozen=True)
class Tokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False, default="")


@dataclass
class _Kept:
    value: Any
    at: float


_cache: dict[tuple[str, str], _Kept] = {}
_lock = threading.Lock()


def forget_providers() -> None:
    """Forget every provider's metadata and keys (tests; a provider reconfigured)."""
    with _lock:
        _cache.clear()


def _fetch_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(
            url, timeout=TIMEOUT_SECONDS, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        found = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID provider unreachable at %s: %s", url, type(error).__name__)
        raise Unavailable("signin.oidc.unreachable") from None
    if not isinstance(found, dict):
        logger.warning("OpenID provider at %s answered something else than a JSON object", url)
        raise Unavailable("signin.oidc.unreachable")
    return found


def _kept(kind: str, url: str, fetch: Any, *, again: bool = False) -> Any:
    key = (kind, url)
    with _lock:
        kept = _cache.get(key)
    if kept is not None and not again and time.monotonic() - kept.at < CACHE_SECONDS:
        return kept.value
    value = fetch()
    with _lock:
        _cache[key] = _Kept(value, time.monotonic())
    return value


def provider_metadata(issuer: str) -> dict[str, Any]:
    """The provider's metadata (OpenID Connect Discovery 1.0), checked to name ``issuer``."""

    def discover() -> dict[str, Any]:
        metadata = _fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        missing = [
            name
            for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")
            if not isinstance(metadata.get(name), str)
        ]
        if metadata.get("issuer") != issuer or missing:
            logger.warning(
                "OpenID provider metadata of %s names issuer %r, lacks %s",
                issuer, metadata.get("issuer"), ", ".join(missing) or "nothing",
            )  # fmt: skip
            raise Unavailable("signin.oidc.unreachable")
        return metadata

    return dict(_kept("metadata", issuer, discover))


def provider_keys(metadata: Mapping[str, Any], *, again: bool = False) -> KeySet:
    """The provider's public keys (its JWKS), kept, or fetched ``again``."""
    url = str(metadata["jwks_uri"])

    def fetch() -> KeySet:
        try:
            return KeySet.import_key_set(_fetch_json(url))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError):
            logger.warning("OpenID provider keys at %s cannot be read", url)
            raise Unavailable("signin.oidc.unreachable") from None

    return _kept("keys", url, fetch, again=again)  # type: ignore[no-any-return]


def _client(party: RelyingParty, redirect_uri: str) -> OAuth2Session:
    if party.client_auth not in CLIENT_AUTH_METHODS:
        raise ValueError(f"client authentication {party.client_auth!r} is not supported")
    return OAuth2Session(
        client_id=party.client_id,
        client_secret=party.client_secret,
        token_endpoint_auth_method=party.client_auth,
        scope=" ".join(party.scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=TIMEOUT_SECONDS,
    )


def authorization_request(
    party: RelyingParty, *, redirect_uri: str, language: str = ""
) -> AuthorizationRequest:
    """The authorization request to send the browser with: fresh ``state``, ``nonce`` and
    PKCE code verifier (its S256 challenge goes in the URL, the verifier stays here)."""
    metadata = provider_metadata(party.issuer)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    extra = {"ui_locales": language} if language else {}
    with _client(party, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"], state=state, code_verifier=verifier,
            nonce=nonce, **extra,
        )  # fmt: skip
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)


def authorization_code(party: RelyingParty, *, query: Mapping[str, str], state: str) -> str:
    """The code of the provider's answer at the callback, if it answers the request whose
    ``state`` was kept (and, when it names its issuer, RFC 9207, is the provider asked)."""
    if not state or query.get("state") != state:
        raise Forbidden("signin.oidc.state")
    if "iss" in query and query["iss"] != party.issuer:
        raise Forbidden("signin.oidc.issuer")
    error = query.get("error")
    if error == "access_denied":
        raise Forbidden("signin.oidc.denied")
    if error or not query.get("code"):
        logger.info("OpenID provider answered with error %r", (error or "no code")[:60])
        raise Forbidden("signin.oidc.provider_error")
    return query["code"]


def exchange_code(
    party: RelyingParty, *, code: str, code_verifier: str, redirect_uri: str
) -> Tokens:
    """The tokens the provider's token endpoint gives for ``code`` (with the PKCE verifier,
    the client authenticated as configured)."""
    metadata = provider_metadata(party.issuer)
    try:
        with _client(party, redirect_uri) as client:
            token = client.fetch_token(
                metadata["token_endpoint"], grant_type="authorization_code", code=code,
                code_verifier=code_verifier,
            )  # fmt: skip
    except OAuthError as refused:
        logger.info("OpenID provider refused the code: %s", str(refused.error)[:60])
        raise Forbidden("signin.oidc.provider_error") from None
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID provider's token endpoint failed: %s", type(error).__name__)
        raise Unavailable("signin.oidc.unreachable") from None
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise Forbidden("signin.oidc.invalid_token")
    return Tokens(id_token=id_token, access_token=str(token.get("access_token") or ""))


_CLAIM_PROBLEMS = {
    "iss": "signin.oidc.issuer",
    "aud": "signin.oidc.audience",
    "azp": "signin.oidc.audience",
    "exp": "signin.oidc.expired",
    "iat": "signin.oidc.not_yet_valid",
    "nbf": "signin.oidc.not_yet_valid",
    "nonce": "signin.oidc.nonce",
}


def check_id_token(
    id_token: str,
    *,
    keys: KeySet,
    issuer: str,
    client_id: str,
    nonce: str,
    algorithms: Collection[str] = ASYMMETRIC,
    access_token: str = "",
    now: int | None = None,
    leeway: int = LEEWAY_SECONDS,
) -> dict[str, Any]:
    """The claims of ``id_token`` when it is signed with one of ``keys`` and holds for this
    client; ``Forbidden`` naming the first problem. ``InvalidKeyIdError`` propagates (a key
    id the keys lack: the caller may fetch them again)."""
    if not nonce:
        raise Forbidden("signin.oidc.nonce")
    registry = JWSRegistry(algorithms=[a for a in algorithms if a in ASYMMETRIC])
    try:
        token = jwt.decode(id_token, key=keys, registry=registry)
    except InvalidKeyIdError:
        raise
    except BadSignatureError:
        raise Forbidden("signin.oidc.signature") from None
    except (JoseError, ValueError, TypeError):  # malformed, or an algorithm not allowed
        raise Forbidden("signin.oidc.signature") from None
    options = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client_id},
        "sub": {"essential": True},
    }
    params = {"nonce": nonce, "client_id": client_id}
    if access_token:
        params["access_token"] = access_token
    claims = CodeIDToken(token.claims, token.header, options, params)  # type: ignore[arg-type]
    try:
        claims.validate(now=now, leeway=leeway)
    except ExpiredTokenError:
        raise Forbidden("signin.oidc.expired") from None
    except MissingClaimError as missing:  # azp, missing when there are other audiences too
        raise Forbidden(
            "signin.oidc.audience" if missing.claim == "azp" else "signin.oidc.invalid_token"
        ) from None
    except InvalidClaimError as problem:
        raise Forbidden(_CLAIM_PROBLEMS.get(problem.claim, "signin.oidc.invalid_token")) from None
    return dict(claims)


def validated_id_token(
    party: RelyingParty, *, tokens: Tokens, nonce: str, now: int | None = None
) -> dict[str, Any]:
    """The claims of the ID token in ``tokens`` when it holds (see :func:`check_id_token`),
    checked with the provider's keys, fetched again once for a key id they lack."""
    metadata = provider_metadata(party.issuer)
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]

    def check(keys: KeySet) -> dict[str, Any]:
        return check_id_token(
            tokens.id_token, keys=keys, issuer=party.issuer, client_id=party.client_id,
            nonce=nonce, algorithms=algorithms, access_token=tokens.access_token, now=now,
        )  # fmt: skip

    try:
        return check(provider_keys(metadata))
    except InvalidKeyIdError:
        pass
    try:
        return check(provider_keys(metadata, again=True))
    except InvalidKeyIdError:
        raise Forbidden("signin.oidc.signature") from None
