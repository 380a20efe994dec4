"""Checking a result document: a PDF someone holds, or a document number someone was given.

A PDF is authentic when its signature holds under a key of the trust list that the trust root
certified for the agency (a row written into the database is not enough), the key is the one
the agency issued this document with, the file is byte for byte the one issued, and the
document is not revoked. The verdict names the first thing that fails. Documents signed before
their key was certified by the root (``qyzmet trust certify``) carry the key's old certificate:
the key is what counts, so they verify once the root has certified it. A number is checked
the same way, on the PDF the register stored for it, and the facts its page shows must be those
the document's QR token was signed with: the register's rows alone vouch for nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from qyzmet.documents.models import ResultDocument
from qyzmet.documents.qr import qr_claims, token_of
from qyzmet.documents.signing import SignatureProblem, read_pdf_signature
from qyzmet.trust.keys import certified_key
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import NotCertified, agency_and_key_id


class Verdict(StrEnum):
    AUTHENTIC = "authentic"
    REVOKED = "revoked"
    ALTERED = "altered"
    UNKNOWN = "unknown"
    UNTRUSTED = "untrusted"
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    document: ResultDocument | None = None

    @property
    def authentic(self) -> bool:
        return self.verdict is Verdict.AUTHENTIC


def _status(document: ResultDocument) -> Verification:
    verdict = Verdict.REVOKED if document.revoked else Verdict.AUTHENTIC
    return Verification(verdict=verdict, document=document)


def _vouches(record: AgencyKey, signer: x509.Certificate) -> bool:
    """Whether ``record`` is a key the trust root certified and the one that signed."""
    try:
        key = certified_key(record)
    except NotCertified:
        return False
    return _raw(key.public_key) == _raw(signer.public_key())


def _raw(key: object) -> bytes:
    if not isinstance(key, Ed25519PublicKey):
        return b""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def verify_document_number(document_id: str) -> Verification:
    """What the register of issued documents says about this number, once what it stored for
    the number holds as an uploaded copy would: the signed PDF (checked by
    ``verify_document_file``) and the facts the page shows (bound by the document's QR token,
    signed with the same certified key). A row written or changed in the database is
    untrusted, and not shown."""
    stored = ResultDocument.objects.filter(pk=document_id).values_list("pdf", flat=True).first()
    if stored is None:
        return Verification(verdict=Verdict.UNKNOWN)
    verification = verify_document_file(bytes(stored))
    document = verification.document
    if (
        verification.verdict not in (Verdict.AUTHENTIC, Verdict.REVOKED)
        or document is None
        or document.pk != document_id
        or not _shows_what_was_signed(document)
    ):
        return Verification(verdict=Verdict.UNTRUSTED)
    return verification


def _shows_what_was_signed(document: ResultDocument) -> bool:
    """Whether the facts stored with ``document`` are those its QR token was signed with, by
    its certified key (the PDF prints them, but the page reads them from the row)."""
    content = document.content
    try:
        claims = jwt.decode(
            token_of(str(content.get("qr", ""))),
            certified_key(document.key).public_key,
            algorithms=["EdDSA"],
        )
        return bool(claims == qr_claims(content))
    except (jwt.PyJWTError, NotCertified, KeyError, TypeError, ValueError, AttributeError):
        return False


def verify_document_file(data: bytes) -> Verification:
    """Whether the PDF in ``data`` is an authentic, valid result document."""
    try:
        signed = read_pdf_signature(data)
    except SignatureProblem as problem:
        return Verification(verdict=Verdict(problem.code))
    _, key_id = agency_and_key_id(signed.signer)
    record = AgencyKey.objects.select_related("agency").filter(key_id=key_id).first()
    if record is None or not _vouches(record, signed.signer):
        return Verification(verdict=Verdict.UNTRUSTED)
    document = (
        ResultDocument.objects.select_related("agency", "key__agency")
        .filter(pk=signed.document_id)
        .first()
    )
    if document is None:
        return Verification(verdict=Verdict.UNKNOWN)
    if document.key_id != record.pk or document.agency_id != record.agency_id:
        return Verification(verdict=Verdict.UNTRUSTED, document=document)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        return Verification(verdict=Verdict.ALTERED, document=document)
    return _status(document)
