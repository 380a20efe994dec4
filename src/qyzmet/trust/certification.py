"""Keys of the trust list made before the trust root, certified by it (``qyzmet trust certify``).

Before the root, each agency key carried a certificate it had signed itself, which now
verifies nothing. The root certifies such a key only when that certificate is signed by the
key itself and names the row's agency and key id, and the key's private half is in this key
folder and is the certificate's: that is what tells a key this platform made from a row
someone wrote or changed in the database (a certified key moved to another agency stays
uncertified). The new certificate names the same agency and key id and keeps the old one's
validity, so what the key signed verifies again, documents included.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import transaction

from qyzmet.audit.services import record_audit
from qyzmet.trust.keys import (
    agency_subject,
    certificate_of,
    certified_key,
    forget_keys,
    key_folder,
)
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import NotCertified, RootKey, agency_and_key_id, issue_certificate


class Outcome(StrEnum):
    CERTIFIED = "certified"
    ALREADY = "already certified"
    NO_PRIVATE_KEY = "skipped: its private key is not in this key folder"
    OTHER_PRIVATE_KEY = "refused: the private key of that name here is another key"
    NOT_SELF_SIGNED = "refused: its certificate is not one the key signed itself before the root"
    OTHER_AGENCY = "refused: its certificate names another agency or key id than its row"


@dataclass(frozen=True)
class Certification:
    key_id: str
    agency: str
    outcome: Outcome


def _held_here(record: AgencyKey) -> Ed25519PublicKey | Outcome:
    """The public key of ``record`` when its private half is in this key folder; why the root
    may not certify it here otherwise."""
    public_key = certificate_of(record).public_key()
    path = key_folder() / f"{record.key_id}.pem"
    try:
        private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError):
        return Outcome.NO_PRIVATE_KEY
    if not isinstance(private_key, Ed25519PrivateKey) or private_key.public_key() != public_key:
        return Outcome.OTHER_PRIVATE_KEY
    assert isinstance(public_key, Ed25519PublicKey)  # it equals an Ed25519 key
    return public_key


def _made_before_the_root(record: AgencyKey) -> Outcome | None:
    """Why ``record``'s certificate is not one qyzmet made before the trust root (signed by
    the key itself, naming the row's agency and key id); ``None`` when it is."""
    old = certificate_of(record)
    try:
        old.verify_directly_issued_by(old)
    except (ValueError, TypeError, InvalidSignature):
        return Outcome.NOT_SELF_SIGNED
    if agency_and_key_id(old) != (record.agency.slug, record.key_id):
        return Outcome.OTHER_AGENCY
    return None


def _certify(record: AgencyKey, *, root: RootKey, actor: object | None) -> Outcome:
    try:
        certified_key(record)
        return Outcome.ALREADY
    except NotCertified:
        pass
    refusal = _made_before_the_root(record)
    if refusal is not None:
        return refusal
    public_key = _held_here(record)
    if isinstance(public_key, Outcome):
        return public_key
    old = certificate_of(record)
    certificate = issue_certificate(
        root=root,
        subject=agency_subject(record.agency, record.key_id),
        public_key=public_key,
        valid_from=old.not_valid_before_utc,
        valid_until=old.not_valid_after_utc,
    )
    with transaction.atomic():
        record.certificate = certificate.public_bytes(serialization.Encoding.PEM).decode()
        record.save(update_fields=["certificate"])
        record_audit(actor=actor, action="key.certified", obj=record, channel="cli")
    return Outcome.CERTIFIED


def certify_agency_keys(*, root: RootKey, actor: object | None = None) -> list[Certification]:
    """Have the trust root certify every key of the trust list made before it (self-signed,
    naming the row's agency) whose private half is in this key folder; what happened to each
    key, current and retired."""
    results = [
        Certification(
            key_id=record.key_id,
            agency=record.agency.slug,
            outcome=_certify(record, root=root, actor=actor),
        )
        for record in AgencyKey.objects.select_related("agency").order_by("agency__slug", "pk")
    ]
    forget_keys()
    return results
