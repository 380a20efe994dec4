"""The QR code's payload: a compact JSON Web Signature (EdDSA) of the document's key facts,
the holder's IIN masked.

Anyone holding the trust list (``/verify/keys.json``, a JSON Web Key Set) can check it
offline with any JOSE library; ``read_qr_token`` is qyzmet's own offline check and uses
nothing but the key set and the trust root's certificate (``/verify/root.pem``, obtained once
and compared with its published fingerprint): a key the root did not certify for the agency
verifies nothing, whatever key set it came in. The QR code holds the verify page's address
with the token after ``#``, so a phone opens the page, and the token never reaches a server
log.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qyzmet.core.identifiers import masked_iin
from qyzmet.trust.root import NotCertified, certified_agency

TOKEN_TYPE = "qyzmet-document+jwt"


class _Utf8Encoder(json.JSONEncoder):
    """Keeps Kazakh and Russian letters as UTF-8: a third of the size of ``\\u`` escapes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class InvalidToken(Exception):
    """The QR payload is not a document token signed by a key the trust root certified."""


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


def _certificate(key: dict[str, Any]) -> x509.Certificate:
    chain = key.get("x5c")
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        raise InvalidToken("the key comes without its certificate")
    return x509.load_der_x509_certificate(base64.b64decode(chain[0]))


def read_qr_token(text: str, *, key_set: dict[str, Any], root: x509.Certificate) -> dict[str, Any]:
    """The claims of a QR payload, checked against ``key_set`` (the published JSON Web Key
    Set) and the trust ``root`` alone; raises ``InvalidToken`` naming why when it does not
    verify."""
    token = token_of(text)
    try:
        header = jwt.get_unverified_header(token)
        keys = {key["kid"]: key for key in key_set.get("keys", []) if "kid" in key}
        if header.get("kid") not in keys:
            raise InvalidToken("unknown key")
        if header.get("typ") != TOKEN_TYPE:
            raise InvalidToken("not a qyzmet document")
        certificate = _certificate(keys[header["kid"]])
        try:
            agency = certified_agency(certificate, key_id=header["kid"], root=root)
        except NotCertified as error:
            raise InvalidToken(f"a key the trust root did not certify ({error})") from None
        claims = jwt.decode(
            token,
            certificate.public_key(),  # type: ignore[arg-type]  # Ed25519, certified_agency says
            algorithms=["EdDSA"],
            options={"require": ["jti", "iss"]},
        )
    except InvalidToken:
        raise
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
        raise InvalidToken(f"signature does not verify ({type(error).__name__})") from error
    if claims["iss"] != agency:
        raise InvalidToken("signed with another agency's key")
    return claims
