"""The platform's own signing key (audit checkpoints and extracts): an Ed25519 key in the key
folder, created on first use, its public half published with the agencies' keys."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from qyzmet.trust.keys import key_folder

FILE_NAME = "platform-audit.pem"


@dataclass(frozen=True)
class PlatformKey:
    key_id: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public_key: Ed25519PublicKey) -> str:
    return "qyzmet-audit-" + hashlib.sha256(_raw(public_key)).hexdigest()[:12]


def platform_key() -> PlatformKey:
    """The platform key, created (once, whatever the number of processes) on first use."""
    path = key_folder() / FILE_NAME
    if not path.exists():
        key_folder().mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return PlatformKey(key_id=key_id_of(key.public_key()), private_key=key)


def sign(message: bytes) -> tuple[str, str]:
    """The platform key's id and its signature of ``message`` (base64url)."""
    key = platform_key()
    return key.key_id, _b64url(key.private_key.sign(message))


def verify(message: bytes, signature: str, *, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(
            base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)), message
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def published_platform_key() -> dict[str, object]:
    key = platform_key()
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "use": "sig",
        "kid": key.key_id,
        "x": _b64url(_raw(key.public_key)),
        "purpose": "audit",
    }
