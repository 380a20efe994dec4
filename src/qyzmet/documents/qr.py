"""The QR code's payload: a compact JSON Web Signature (EdDSA) of the document's key facts,
the holder's IIN masked.

Anyone holding the trust list (``/verify/keys.json``, a JSON Web Key Set) can check it
offline with any JOSE library; ``read_qr_token`` is qyzmet's own offline check and uses
nothing but the key set. The QR code holds the verify page's address with the token after
``#``, so a phone opens the page, and the token never reaches a server log.
"""

from __future__ import annotations

import json
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qyzmet.core.identifiers import masked_iin

TOKEN_TYPE = "qyzmet-document+jwt"


class _Utf8Encoder(json.JSONEncoder):
    """Keeps Kazakh and Russian letters as UTF-8: a third of the size of ``\\u`` escapes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class InvalidToken(Exception):
    """The QR payload is not a document token signed by a key of the trust list."""


def qr_claims(content: dict[str, Any]) -> dict[str, Any]:
    """What the QR code says: enough to compare with the paper, no more. The holder's IIN is
    masked (the PDF, signed as a whole, prints it in full for its holder)."""
    return {
        "jti": content["id"],
        "iss": content["agency_slug"],
        "iin": masked_iin(content["holder_iin"]),
        "name": content["holder_name"],
        "svc": content["service_slug"],
        "title": content["title"],
        "dec": content["decided_on"],
        "issued": content["issued_at"][:10],
    }


def qr_token(*, claims: dict[str, Any], key: Ed25519PrivateKey, key_id: str) -> str:
    return jwt.encode(
        claims,
        key,
        algorithm="EdDSA",
        headers={"kid": key_id, "typ": TOKEN_TYPE},
        json_encoder=_Utf8Encoder,
    )


def qr_text(*, verify_url: str, token: str) -> str:
    return f"{verify_url}#{token}"


def token_of(text: str) -> str:
    """The token from what a QR code holds (the address with ``#token``) or the token itself."""
    return text.strip().rsplit("#", 1)[-1]


def read_qr_token(text: str, *, key_set: dict[str, Any]) -> dict[str, Any]:
    """The claims of a QR payload, checked against ``key_set`` (the published JSON Web Key
    Set) alone; raises ``InvalidToken`` naming why when it does not verify."""
    token = token_of(text)
    try:
        header = jwt.get_unverified_header(token)
        keys = {key["kid"]: key for key in key_set.get("keys", []) if "kid" in key}
        if header.get("kid") not in keys:
            raise InvalidToken("unknown key")
        key = keys[header["kid"]]
        if header.get("typ") != TOKEN_TYPE:
            raise InvalidToken("not a qyzmet document")
        public_key = jwt.PyJWK.from_dict({k: key[k] for k in ("kty", "crv", "x", "kid")})
        claims = jwt.decode(
            token,
            public_key.key,
            algorithms=["EdDSA"],
            options={"require": ["jti", "iss"]},
        )
    except InvalidToken:
        raise
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
        raise InvalidToken(f"signature does not verify ({type(error).__name__})") from error
    if key.get("agency") and claims["iss"] != key["agency"]:
        raise InvalidToken("signed with another agency's key")
    return claims
