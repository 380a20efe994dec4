"""PDF signatures (PAdES, through pyHanko) with an agency's Ed25519 key and certificate.

``sign_pdf`` adds one signature covering the whole file, with the signer's certificate and
the trust root's. ``read_pdf_signature`` checks that the signature holds and covers the whole
file, and returns the signer's certificate and the document number the PDF carries; whether
that signer may vouch for the document (a key the trust root certified for the agency) is
``verification.py``'s to decide, never what the PDF says about itself.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from qyzmet.trust.keys import SigningKey
from qyzmet.trust.root import trust_root

FIELD = "qyzmet"
SUBJECT_PREFIX = "qyzmet-document:"

logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # a broken file is our answer, not a log


class SignatureProblem(Exception):
    """Why a PDF's signature does not hold: ``code`` is one of ``unreadable``, ``unsigned``,
    ``altered``."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class SignedPdf:
    document_id: str
    signer: x509.Certificate


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign_pdf(pdf: bytes, *, key: SigningKey, reason: str) -> bytes:
    certificate = _asn1(key.certificate)
    private_key = asn1_keys.PrivateKeyInfo.load(
        key.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=private_key,
        cert_registry=SimpleCertificateStore.from_certs([certificate, _asn1(trust_root())]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(field_name=FIELD, reason=reason)
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def read_pdf_signature(data: bytes) -> SignedPdf:
    """The document number and signer of a signed result document; raises
    ``SignatureProblem`` when the file is not one or was changed."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
        subject = str(reader.trailer_view["/Info"].get("/Subject", ""))
    except Exception as error:  # any parse failure means: this is not a readable PDF
        raise SignatureProblem("unreadable", type(error).__name__) from error
    ours = [s for s in signatures if s.field_name == FIELD]
    if len(ours) != 1 or not subject.startswith(SUBJECT_PREFIX):
        raise SignatureProblem("unsigned")
    try:
        # The signature is checked against the signer's own certificate: trust is decided
        # on the key, by the caller, not by the chain the PDF carries.
        signing_cert = ours[0].signer_cert
        status = validate_pdf_signature(ours[0], ValidationContext(trust_roots=[signing_cert]))
    except Exception as error:
        raise SignatureProblem("altered", type(error).__name__) from error
    if not (status.intact and status.valid):
        raise SignatureProblem("altered")
    if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        raise SignatureProblem("altered", "content added after signing")
    signer = x509.load_der_x509_certificate(status.signing_cert.dump())
    return SignedPdf(document_id=subject.removeprefix(SUBJECT_PREFIX), signer=signer)
