"""Signature verifiers: given what a person signed, who signed it and whether the signature
holds, as plugins through a registry (like payment providers).

A verifier checks the signature itself, the signer's certificate path to the configured CA
certificates, and its revocation at the time of checking; it never raises for a bad signature
but says why in :class:`SignatureCheck`, so a refusal can be stored, shown and audited. Sign-in
by signature (``accounts``), signed applications (``applications``) and re-verification later
(``qyzmet verify-signature``) all ask through ``verifier(name)``.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Signer:
    """Whom a certificate names, as the national CA writes its subject."""

    iin: str
    name: str = ""
    bin: str = ""  # a company certificate: the company's BIN
    role: str = ""  # the holder's role in that company (for example ``head``, ``employee``)
    # The certificate is for legally binding signatures (X.509 key usage ``nonRepudiation``),
    # not only for signing in (NCA RK's ``AUTH_`` certificates: ``digitalSignature`` alone).
    non_repudiation: bool = False
    certificate_serial: str = ""
    certificate_issuer: str = ""
    certificate_pem: str = ""


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of checking one signature at ``checked_at``: ``valid`` only when the
    signature, the certificate path and its revocation status all hold. ``problems`` are
    message codes (``core.messages``) saying why not, for example
    ``signature.certificate_revoked``."""

    valid: bool
    checked_at: datetime.datetime
    signer: Signer | None = None
    signed_content: bytes = b""  # what the signature covers, as the verifier read it
    problems: tuple[str, ...] = field(default_factory=tuple)


class SignatureVerifier(ABC):
    """Base class of a verifier; subclasses set ``name``."""

    name: str = ""

    @abstractmethod
    def verify(self, *, signed: bytes, at: datetime.datetime | None = None) -> SignatureCheck:
        """Check ``signed`` (for ``xmldsig``: an XML document with an enveloped signature, as
        NCALayer makes) now, or as of ``at`` when re-verifying."""


class VerifierRegistry:
    def __init__(self) -> None:
        self._verifiers: dict[str, SignatureVerifier] = {}

    def register(self, verifier: SignatureVerifier) -> SignatureVerifier:
        if not verifier.name or verifier.name in self._verifiers:
            raise ValueError(f"signature verifier name missing or taken: {verifier.name!r}")
        self._verifiers[verifier.name] = verifier
        return verifier

    def __getitem__(self, name: str) -> SignatureVerifier:
        return self._verifiers[name]

    def __contains__(self, name: object) -> bool:
        return name in self._verifiers

    def __iter__(self) -> Iterator[str]:
        return iter(self._verifiers)


verifiers = VerifierRegistry()


def verifier(name: str, registry: VerifierRegistry | None = None) -> SignatureVerifier:
    return (registry or verifiers)[name]
