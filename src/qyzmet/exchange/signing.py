"""Exchange messages signed with the agencies' Ed25519 keys of the trust list (``qyzmet.trust``),
as compact JSON Web Signatures (``alg: EdDSA``, the key in ``kid``), through PyJWT.

An agency signs with its current key, as its process read the trust list at most
``TRUST_LIST_SECONDS`` ago. A signature verifies when its key is on the trust list, was
certified by the trust root for the agency the message says it comes from (so a row written
into the database signs nothing), and was not retired more than ``retired_grace()``
before the message was issued: so after a rotation, messages signed a moment before with the
old key still pass, a process that has not yet read the new key may sign with the old one for
those few seconds, and nothing waits for every process to learn the new key.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import threading
import time
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from qyzmet.trust.keys import certified_key, current_key, listed_key, load_signing_key
from qyzmet.trust.root import NotCertified

ALGORITHM = "EdDSA"
MEDIA_TYPE = "application/qyzmet-exchange+jwt"
TYPE = "qyzmet-exchange+jwt"
CLOCK_SKEW = datetime.timedelta(seconds=5)  # a message may come this much "from the future"
REQUIRED = ("iss", "iat", "jti")  # the claims every message carries

# Keys never change under their id: load each private key once per process.
_private_keys: dict[str, Ed25519PrivateKey] = {}

# What the last tokens this process sealed say (header, claims) and the public key of the key
# that signed each, so that one answered in this process is neither parsed back nor verified
# again (decision 85): its signature holds when that key is the one the trust list certifies.
SEALED_KEPT = 64
_sealed: dict[str, tuple[dict[str, Any], dict[str, Any], bytes]] = {}
_unanswered: dict[str, None] = {}  # of those, the requests not yet answered in this process
_sealed_lock = threading.Lock()


class Untrusted(Exception):
    """The signature does not hold, or its key may not sign this message."""


def retired_grace() -> datetime.timedelta:
    """How long before a message was issued its key may have been retired: the time a process
    keeps the trust list (it may sign with a key retired meanwhile), plus the clock skew."""
    return datetime.timedelta(seconds=settings.TRUST_LIST_SECONDS) + CLOCK_SKEW


def _current_key(agency: str) -> tuple[str, Ed25519PrivateKey]:
    record = current_key(agency)
    if record.key_id not in _private_keys:
        _private_keys[record.key_id] = load_signing_key(record).private_key
    return record.key_id, _private_keys[record.key_id]


def seal(claims: dict[str, Any], *, agency: str) -> str:
    """``claims`` signed with ``agency``'s current key: a compact JWS."""
    key_id, key = _current_key(agency)
    header = {"typ": TYPE, "alg": ALGORITHM, "kid": key_id}  # as PyJWT writes it
    token = jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": key_id, "typ": TYPE})
    said = (header, json.loads(json.dumps(claims)), _public(key))  # as the token carries them
    with _sealed_lock:
        _sealed[token] = said
        _unanswered[token] = None
        while len(_sealed) > SEALED_KEPT:
            del _sealed[next(iter(_sealed))]
        while len(_unanswered) > SEALED_KEPT:
            del _unanswered[next(iter(_unanswered))]
    return token


def first_answer_here(token: str) -> bool | None:
    """Whether a request handed over in this process, as it is answered here, is answered for
    the first time: ``True`` for one of the last ``SEALED_KEPT`` tokens sealed here (from now on
    ``False``: a replay), ``None`` when this process cannot tell (sealed elsewhere, or long ago):
    the registry's records can."""
    with _sealed_lock:
        if token in _unanswered:
            del _unanswered[token]
            return True
        return False if token in _sealed else None


@lru_cache(maxsize=64)
def _parsed(token: str) -> tuple[dict[str, Any], dict[str, Any]] | str:
    """The header and claims of ``token``, signature unchecked, or why it is not a message.
    Kept for the last few tokens: an in-process request is read by the registry, then
    verified, and its answer verified by the asker, each needing what it says before the
    signature is checked (``unseal`` still checks it, on the token itself)."""
    try:
        complete = jwt.api_jwt.decode_complete(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        return f"not a signed message: {error}"
    header, claims = complete["header"], complete["payload"]
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return "not a signed message"
    return header, claims


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    sealed = _sealed.get(token)
    parsed = sealed[:2] if sealed is not None else _parsed(token)  # sealed here: it is known
    if isinstance(parsed, str):
        raise Untrusted(parsed)
    header, claims = parsed
    return dict(header), copy.deepcopy(claims)  # the caller's own, the kept ones untouched


def read_unverified(token: str) -> dict[str, Any]:
    """The claims of a token, signature unchecked (to know what was asked, to refuse it)."""
    return _unverified(token)[1]


def unseal(token: str, *, audience: str | None = None) -> dict[str, Any]:
    """The verified claims of ``token``, signed by the agency its ``iss`` names with a key of
    the trust list valid when ``iat`` says it was signed; ``Untrusted`` otherwise."""
    header, unverified = _unverified(token)
    if header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
        raise Untrusted("not signed with EdDSA by a named key")
    issuer = unverified.get("iss")
    record = listed_key(header["kid"])
    if record is None or record.agency.slug != issuer:
        raise Untrusted(f"key {header['kid']!r} of {issuer!r} is not on the trust list")
    try:
        key = certified_key(record)
    except NotCertified as error:
        raise Untrusted(f"not certified by the trust root: {error}") from None
    if _signed_here(token, key.public_key):  # its signature holds: made here with that key
        claims = _claims_hold(unverified, audience=audience)
    else:
        try:
            claims = jwt.decode(
                token, key.public_key, algorithms=[ALGORITHM], audience=audience,
                leeway=CLOCK_SKEW, options={"require": list(REQUIRED),
                                            "verify_aud": audience is not None},
            )  # fmt: skip
        except jwt.PyJWTError as error:
            raise Untrusted(f"the signature does not hold: {error}") from None
        if not _a_time(claims["iat"]):  # PyJWT takes a number written as a text
            raise Untrusted("the signature does not hold: a time that is not a number")
    issued = datetime.datetime.fromtimestamp(claims["iat"], tz=datetime.UTC)
    if not key.valid_from <= issued <= key.valid_until:
        raise Untrusted(f"key {record.key_id} was not valid when the message was issued")
    if record.retired_at is not None and issued > record.retired_at + retired_grace():
        raise Untrusted(f"key {record.key_id} was retired before the message was issued")
    return claims


def _public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _signed_here(token: str, public_key: Ed25519PublicKey) -> bool:
    """Whether this process sealed ``token`` (one of the last ``SEALED_KEPT``) with the private
    half of ``public_key``: then its signature holds, and verifying it again proves nothing."""
    with _sealed_lock:
        sealed = _sealed.get(token)
    return sealed is not None and sealed[2] == public_key.public_bytes(
        Encoding.Raw, PublicFormat.Raw
    )


def _claims_hold(claims: dict[str, Any], *, audience: str | None) -> dict[str, Any]:
    """``claims`` of a token signed here, checked as ``unseal`` has PyJWT check any other's:
    the claims every message carries (``jti`` a text), a finite time of issue not ahead of the
    clock by more than ``CLOCK_SKEW``, an expiry or start passed or not (when carried), and,
    when given, the audience it is addressed to."""
    if missing := [name for name in REQUIRED if claims.get(name) is None]:
        raise Untrusted(f"the signature does not hold: the {missing[0]!r} claim is missing")
    if not isinstance(claims["jti"], str) or not isinstance(claims.get("sub", ""), str):
        raise Untrusted("the signature does not hold: jti or sub is not a text")
    now, skew = time.time(), CLOCK_SKEW.total_seconds()
    times = {name: claims[name] for name in ("iat", "exp", "nbf") if name in claims}
    if any(not _a_time(value) for value in times.values()):
        raise Untrusted("the signature does not hold: a time that is not a number")
    if times["iat"] > now + skew or times.get("nbf", now) > now + skew:
        raise Untrusted("the signature does not hold: not valid yet")
    if times.get("exp", now + 1) <= now - skew:
        raise Untrusted("the signature does not hold: expired")
    if audience is not None:
        named = claims.get("aud")
        audiences = [named] if isinstance(named, str) else named if isinstance(named, list) else []
        if audience not in audiences or not all(isinstance(one, str) for one in audiences):
            raise Untrusted("the signature does not hold: addressed to another audience")
    return claims


def _a_time(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
