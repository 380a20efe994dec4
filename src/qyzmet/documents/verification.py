"""Checking a result document: a PDF someone holds, or a document number someone was given.

A PDF is authentic when its signature holds under a key of the trust list, the key is the one
the agency issued this document with, the file is byte for byte the one issued, and the
document is not revoked. The verdict names the first thing that fails.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives import serialization

from qyzmet.documents.models import ResultDocument
from qyzmet.documents.signing import SignatureProblem, read_pdf_signature
from qyzmet.trust.keys import certificate_of
from qyzmet.trust.models import AgencyKey


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


def verify_document_number(document_id: str) -> Verification:
    """What the register of issued documents says about this number."""
    document = ResultDocument.objects.select_related("agency").filter(pk=document_id).first()
    if document is None:
        return Verification(verdict=Verdict.UNKNOWN)
    return _status(document)


def verify_document_file(data: bytes) -> Verification:
    """Whether the PDF in ``data`` is an authentic, valid result document."""
    records = list(AgencyKey.objects.all())
    try:
        signed = read_pdf_signature(data, trusted=[certificate_of(r) for r in records])
    except SignatureProblem as problem:
        return Verification(verdict=Verdict(problem.code))
    document = (
        ResultDocument.objects.select_related("agency", "key").filter(pk=signed.document_id).first()
    )
    if document is None:
        return Verification(verdict=Verdict.UNKNOWN)
    issued_with = certificate_of(document.key).public_bytes(serialization.Encoding.DER)
    if signed.signer.public_bytes(serialization.Encoding.DER) != issued_with:
        return Verification(verdict=Verdict.UNTRUSTED, document=document)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        return Verification(verdict=Verdict.ALTERED, document=document)
    return _status(document)
