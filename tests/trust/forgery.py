"""What someone who can write to the database, but not read the key folder nor change the
configuration, can make: a key of their own, a certificate for it naming an agency (signed by
itself or by a certification authority of their own), and a row of the trust list."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID
from django.utils import timezone

from qyzmet.catalog.models import Agency
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.pdf import render_pdf
from qyzmet.documents.qr import qr_claims, qr_text, qr_token
from qyzmet.documents.services import new_document_id
from qyzmet.documents.signing import sign_pdf
from qyzmet.trust.keys import SigningKey, certificate_of
from qyzmet.trust.models import AgencyKey

SELF_SIGNED = "self-signed"
ANOTHER_CA = "another CA"


@dataclass(frozen=True)
class ForgedKey:
    record: AgencyKey
    private_key: Ed25519PrivateKey


def _name(*attributes: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in attributes])


def forged_certificate(
    *, key: Ed25519PrivateKey, agency: str, key_id: str, signed_by: str
) -> x509.Certificate:
    """A certificate that says what ours say (agency, key id, signing use), not from our root."""
    subject = _name(
        (NameOID.COMMON_NAME, agency),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, agency),
        (NameOID.ORGANIZATION_NAME, "qyzmet"),
        (NameOID.SERIAL_NUMBER, key_id),
    )
    issuer_key, issuer = key, subject
    if signed_by == ANOTHER_CA:
        issuer_key = Ed25519PrivateKey.generate()
        issuer = _name((NameOID.COMMON_NAME, "qyzmet trust root"))
    now = timezone.now()
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(usage, critical=True)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(issuer_key, None)
    )


def insert_forged_key(*, agency: str, signed_by: str) -> ForgedKey:
    """A row put straight into the trust list as ``agency``'s current key (the key it had
    retired, as an UPDATE would), for a key whose private half only the forger holds."""
    key = Ed25519PrivateKey.generate()
    key_id = f"{agency}-20260101-{secrets.token_hex(6)}"
    certificate = forged_certificate(key=key, agency=agency, key_id=key_id, signed_by=signed_by)
    AgencyKey.objects.filter(agency__slug=agency, retired_at__isnull=True).update(
        retired_at=timezone.now() - datetime.timedelta(days=1)
    )
    record = AgencyKey.objects.create(
        agency=Agency.objects.get(slug=agency),
        key_id=key_id,
        certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )
    return ForgedKey(record=record, private_key=key)


def document_signed_with(key: ForgedKey, *, case: Any, like: ResultDocument) -> ResultDocument:
    """What a key's holder can make with it: a document saying what they like (here: what
    ``like`` says, for ``case``, under a new number and another name), its QR code and PDF
    signed with their key, entered in the register of issued documents as the agency's."""
    content = {**like.content, "id": new_document_id(), "holder_name": "Forged Holder"}
    token = qr_token(claims=qr_claims(content), key=key.private_key, key_id=key.record.key_id)
    content["qr"] = qr_text(verify_url=content["verify_url"], token=token)
    signer = SigningKey(
        record=key.record, private_key=key.private_key, certificate=certificate_of(key.record)
    )
    unsigned = render_pdf(content=content, qr_text=content["qr"], key_id=key.record.key_id)
    pdf = sign_pdf(unsigned, key=signer, reason=content["title"])
    return ResultDocument.objects.create(
        id=content["id"], case=case, agency=key.record.agency, holder=like.holder, key=key.record,
        language=like.language, content=content, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
        issued_at=timezone.now(),
    )  # fmt: skip
