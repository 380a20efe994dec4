"""Whether a signer's certificate holds: its path to the configured CA certificates, its
validity at the checking time, its key usage (``digitalSignature``) and its revocation, by
OCSP and CRL, through pyhanko-certvalidator (no hand-written path building).

The CA certificates are read from ``settings.EDS_CA_CERTS`` (``QYZMET_EDS_CA_CERTS``: files
or folders of PEM or DER certificates): the self-signed ones are the trust roots, the others
intermediates. Revocation is *hard-fail* (decision 0031): every certificate of the path must
have its status answered by its OCSP responder (the certificate's AIA) or its CRL (its CRL
distribution points); when neither answers, the certificate is refused with
``signature.revocation_unknown``, never accepted. Issuer certificates are never fetched from
the addresses a certificate names (only revocation is fetched, and only for a certificate
whose issuer is already trusted), and each check makes a bounded number of requests.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import threading
from collections.abc import Coroutine, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    PathError,
    PathValidationError,
    RevokedError,
    ValidationError,
)
from pyhanko_certvalidator.fetchers.api import FetchLimits
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import CertificateRegistry
from pyhanko_certvalidator.revinfo import validate_ocsp

from qyzmet.identity.eds.certificates import read_certificates

logger = logging.getLogger(__name__)

EXPIRED = "signature.certificate_expired"
NOT_YET_VALID = "signature.certificate_not_yet_valid"
REVOKED = "signature.certificate_revoked"
UNTRUSTED = "signature.untrusted_issuer"
REVOCATION_UNKNOWN = "signature.revocation_unknown"
NOT_FOR_SIGNING = "signature.certificate_not_for_signing"
CERTIFICATE_FILES = {".pem", ".crt", ".cer", ".der"}
# Far above what a national CA's path needs (an OCSP answer and a CRL per certificate), far
# below what a hostile certificate naming many addresses could make the server fetch.
LIMITS = FetchLimits(max_requests=12, max_cert_requests=0, max_aia_urls_per_object=2)


@dataclass(frozen=True)
class TrustedCertificates:
    """The configured CA certificates: self-signed roots, and intermediates beside them."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]


def _files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(f for f in path.iterdir() if f.suffix.lower() in CERTIFICATE_FILES)
        else:
            found.append(path)
    return found


def _self_signed(certificate: x509.Certificate) -> bool:
    if certificate.subject != certificate.issuer:
        return False
    try:
        certificate.verify_directly_issued_by(certificate)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def read_trusted_certificates(paths: Iterable[str | Path]) -> TrustedCertificates:
    """The CA certificates in ``paths`` (files, or folders of ``.pem``/``.crt``/``.cer``/
    ``.der`` files); ``ValueError`` naming the file that cannot be read."""
    roots: list[x509.Certificate] = []
    intermediates: list[x509.Certificate] = []
    for file in _files(paths):
        try:
            certificates = read_certificates(file.read_bytes())
        except (OSError, ValueError) as error:
            raise ValueError(f"{file}: not a PEM or DER certificate ({error})") from None
        for certificate in certificates:
            (roots if _self_signed(certificate) else intermediates).append(certificate)
    return TrustedCertificates(roots=tuple(roots), intermediates=tuple(intermediates))


def trusted_certificates() -> TrustedCertificates:
    """The CA certificates ``settings.EDS_CA_CERTS`` names (none when it cannot be read: the
    deployment check says why, and every certificate is then refused as untrusted)."""
    try:
        return read_trusted_certificates(settings.EDS_CA_CERTS)
    except ValueError as error:
        logger.error("EDS CA certificates cannot be read: %s", error)
        return TrustedCertificates(roots=(), intermediates=())


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _revoked_later_is_good_then(original: Any) -> Any:
    """pyhanko-certvalidator (0.33) judging a certificate as of a past time reads a CRL entry
    dated after that time as "not revoked then", but an OCSP answer "revoked, since a later
    time" as neither good nor revoked, so a certificate whose CA answers by OCSP alone was
    refused as ``revocation_unknown`` once revoked, even for a signature made long before
    (``tests/signing/test_signing_time.py``). Read OCSP as the CRL is read."""

    def status(ocsp_response: Any, proc_state: Any, control_time: Any) -> bool:
        single = ocsp_response.extract_single_response() if control_time is not None else None
        answer: Any = single["cert_status"] if single is not None else None
        if (
            answer is not None
            and answer.name == "revoked"
            and answer.chosen["revocation_time"].native > control_time
        ):
            return True  # revoked, but after the time it is judged at: good then
        return bool(original(ocsp_response, proc_state, control_time))

    status.original = original  # type: ignore[attr-defined]
    return status


if not hasattr(validate_ocsp._check_ocsp_status, "original"):  # once, whatever the reloads
    validate_ocsp._check_ocsp_status = _revoked_later_is_good_then(validate_ocsp._check_ocsp_status)

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end from synchronous code, also when the calling thread is
    already running an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:  # handed back to the caller's thread
            failure.append(error)

    thread = threading.Thread(target=run, name="eds-validation")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def _problem(error: Exception) -> str:
    if isinstance(error, RevokedError):
        return REVOKED
    if isinstance(error, ExpiredError):
        return EXPIRED
    if isinstance(error, NotYetValidError):
        return NOT_YET_VALID
    if isinstance(error, InsufficientRevinfoError):
        return REVOCATION_UNKNOWN
    if isinstance(error, PathBuildingError | PathValidationError):
        return UNTRUSTED  # no path to a trusted root, or one whose signatures do not hold
    if isinstance(error, InvalidCertificateError):
        return NOT_FOR_SIGNING
    return UNTRUSTED


def validate_certificate(
    *,
    certificate: x509.Certificate,
    chain: Sequence[x509.Certificate] = (),
    at: datetime.datetime | None = None,
    trusted: TrustedCertificates | None = None,
) -> tuple[str, ...]:
    """The problems (message codes) of the signer's ``certificate``, empty when it holds:
    a path to a trusted root through the configured intermediates and ``chain`` (the other
    certificates the signature carried), valid and not revoked now (or at ``at``, when
    re-verifying a signature made then: its CA is still asked now, and a revocation dated
    after ``at``, by OCSP or CRL, leaves it valid; one dated before does not), and usable for
    digital signatures."""
    trusted = trusted or trusted_certificates()
    if not trusted.roots:
        return (UNTRUSTED,)
    others = [_asn1(c) for c in (*trusted.intermediates, *chain)]
    context = ValidationContext(
        trust_roots=[_asn1(root) for root in trusted.roots],
        certificate_registry=CertificateRegistry.build(others),  # never fetches issuers
        moment=at,
        allow_fetching=True,
        revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO, retroactive_revinfo=at is not None),
        fetcher_backend=RequestsFetcherBackend(
            per_request_timeout=settings.EDS_FETCH_TIMEOUT, limits=LIMITS
        ),
    )
    validator = CertificateValidator(_asn1(certificate), validation_context=context)
    try:
        _run(validator.async_validate_usage({"digital_signature"}))
    except (ValidationError, PathError) as error:
        # The class alone: pyhanko's text names the certificate's subject (a person's IIN).
        logger.info("EDS certificate refused: %s", type(error).__name__)
        return (_problem(error),)
    except Exception as error:  # a certificate pyhanko cannot even read: refused, not a 500
        logger.warning("EDS certificate could not be validated: %s", type(error).__name__)
        return (UNTRUSTED,)
    return ()
