"""Agency signing keys: create one on first use, load it to sign, rotate it, publish the list.

An agency signs with its one current key. Rotation retires the current key and creates a new
one; retired keys stay in the trust list, so everything they signed keeps verifying. Several
app servers may ask for a missing key at once: the database lets one current key per agency
exist, and the losers load the winner's. On several machines the key folder must be shared
(or the keys created before the servers start, with ``qyzmet trust rotate``).

A row of the trust list is only a claim: its key verifies only when the trust root (``root``,
configured outside the database) issued its certificate to that agency under that key id
(``certified_key``). Creating or rotating a key therefore needs the root's private half.
"""

from __future__ import annotations

import base64
import datetime
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import Agency
from qyzmet.core.texts import pick
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import (
    NotCertified,
    RootKey,
    certified_agency,
    issue_certificate,
    root_key,
    trust_root,
)

CERTIFICATE_YEARS = 10


@dataclass(frozen=True)
class SigningKey:
    """An agency key ready to sign: its trust-list record, private key and certificate."""

    record: AgencyKey
    private_key: Ed25519PrivateKey
    certificate: x509.Certificate

    @property
    def key_id(self) -> str:
        return self.record.key_id


def key_folder() -> Path:
    return Path(settings.KEY_DIR)


def _key_path(key_id: str) -> Path:
    return key_folder() / f"{key_id}.pem"


def _fit(text: str, limit: int = 64) -> str:
    """X.509 names are at most 64 bytes: shorten long agency names at a word."""
    while len(text.encode()) > limit:
        text = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
    return text


def agency_subject(agency: Agency, key_id: str) -> x509.Name:
    """Whom a key's certificate names: the agency (its slug) and the key id."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(pick(agency.name, "en") or agency.slug)),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, agency.slug),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "qyzmet"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, key_id),
        ]
    )


def _certificate_for(
    agency: Agency, key: Ed25519PrivateKey, key_id: str, *, root: RootKey
) -> x509.Certificate:
    now = timezone.now()
    return issue_certificate(
        root=root,
        subject=agency_subject(agency, key_id),
        public_key=key.public_key(),
        valid_from=now - datetime.timedelta(days=1),
        valid_until=now + datetime.timedelta(days=365 * CERTIFICATE_YEARS),
    )


def _write_private_key(key_id: str, key: Ed25519PrivateKey) -> None:
    folder = key_folder()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    path = _key_path(key_id)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with path.open("xb") as file:  # never overwrite a key
        path.chmod(0o600)
        file.write(pem)


def _create(agency: Agency, *, root: RootKey) -> AgencyKey:
    key = Ed25519PrivateKey.generate()
    # 48 random bits: key files outlive a rolled-back transaction (tests make thousands of
    # keys into one folder), so ids must not meet by chance; 40 + 22 characters fit key_id.
    key_id = f"{agency.slug[:40]}-{timezone.now():%Y%m%d}-{secrets.token_hex(6)}"
    certificate = _certificate_for(agency, key, key_id, root=root)
    _write_private_key(key_id, key)
    try:
        with transaction.atomic():
            record = AgencyKey.objects.create(
                agency=agency,
                key_id=key_id,
                certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
            )
            record_audit(
                actor=None, action="key.created", obj=record, channel="system", details=None
            )
    except IntegrityError:
        _key_path(key_id).unlink(missing_ok=True)  # another process created the agency's key
        raise
    return record


def load_signing_key(record: AgencyKey) -> SigningKey:
    path = _key_path(record.key_id)
    private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private_key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return SigningKey(record=record, private_key=private_key, certificate=certificate_of(record))


def signing_key(*, agency: Agency, root: RootKey | None = None) -> SigningKey:
    """The agency's current signing key, created on first use (certified by ``root``, else by
    the trust root's private half in the key folder: ``TrustRootError`` when it is not there)."""
    record = AgencyKey.objects.filter(agency=agency, retired_at__isnull=True).first()
    if record is None:
        try:
            record = _create(agency, root=root or root_key())
        except IntegrityError:
            record = AgencyKey.objects.get(agency=agency, retired_at__isnull=True)
    return load_signing_key(record)


def rotate_agency_key(
    *, agency: Agency, actor: object | None = None, root: RootKey | None = None
) -> AgencyKey:
    """Retire the agency's current key and create the next one, certified by ``root`` (else by
    the trust root's private half in the key folder); returns the new record. This process
    signs with the new key at once; others within ``TRUST_LIST_SECONDS``."""
    root = root or root_key()
    with transaction.atomic():
        retired = AgencyKey.objects.select_for_update().filter(
            agency=agency, retired_at__isnull=True
        )
        for record in retired:
            record.retired_at = timezone.now()
            record.save(update_fields=["retired_at"])
            record_audit(actor=actor, action="key.retired", obj=record, channel="cli")
        forget_keys()
        return _create(agency, root=root)


# What a process read of the trust list, kept ``TRUST_LIST_SECONDS``: so an exchange message
# needs no query for keys, and a rotation elsewhere is seen within that time (a key retired
# that long before a message was issued still verifies it: exchange.signing).
_current: dict[str, tuple[float, AgencyKey]] = {}  # agency slug -> (until, its current key)
_listed: dict[str, tuple[float, AgencyKey]] = {}  # key id -> (until, its record and agency)


def _until() -> float:
    return time.monotonic() + settings.TRUST_LIST_SECONDS


def current_key(agency: str) -> AgencyKey:
    """The trust-list record of the current key of the agency with slug ``agency``, as this
    process read it at most ``TRUST_LIST_SECONDS`` ago; made on first use."""
    known = _current.get(agency)
    if known is None or known[0] <= time.monotonic():
        record = (
            AgencyKey.objects.select_related("agency")
            .filter(agency__slug=agency, retired_at__isnull=True)
            .first()
            or signing_key(agency=Agency.objects.get(slug=agency)).record
        )
        known = _current[agency] = (_until(), record)
    return known[1]


def listed_key(key_id: str) -> AgencyKey | None:
    """The trust-list record of ``key_id`` (with its agency), as this process read it at most
    ``TRUST_LIST_SECONDS`` ago; ``None`` for a key not on the list (not remembered)."""
    known = _listed.get(key_id)
    if known is None or known[0] <= time.monotonic():
        record = AgencyKey.objects.select_related("agency").filter(key_id=key_id).first()
        if record is None:
            return None
        known = _listed[key_id] = (_until(), record)
    return known[1]


def forget_keys() -> None:
    """Read the trust list again at the next message (after a rotation, in tests)."""
    _current.clear()
    _listed.clear()
    _certified.clear()


def certificate_of(record: AgencyKey) -> x509.Certificate:
    return x509.load_pem_x509_certificate(record.certificate.encode())


@dataclass(frozen=True)
class CertifiedKey:
    """A key of the trust list the trust root certified: what it verifies with, and when."""

    public_key: Ed25519PublicKey
    valid_from: datetime.datetime
    valid_until: datetime.datetime


# Keys the trust root certified, by (key id, agency, certificate), with the root that did:
# checked once a process.
_certified: dict[tuple[str, str, str], tuple[x509.Certificate, CertifiedKey]] = {}


def certified_key(record: AgencyKey) -> CertifiedKey:
    """The public key of ``record`` when the trust root issued its certificate to the record's
    agency under its key id; ``NotCertified`` otherwise (a row written into the database)."""
    root = trust_root()
    remembered = (record.key_id, record.agency.slug, record.certificate)
    known = _certified.get(remembered)
    if known is not None and known[0] is root:
        return known[1]
    certificate = certificate_of(record)
    agency = certified_agency(certificate, key_id=record.key_id, root=root)
    if agency != record.agency.slug:
        raise NotCertified(f"{record.key_id}: certified for {agency}, not {record.agency.slug}")
    key = certificate.public_key()
    assert isinstance(key, Ed25519PublicKey)  # certified_agency checked it
    certified = CertifiedKey(
        public_key=key,
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
    )
    _certified[remembered] = (root, certified)
    return certified


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def published_keys() -> dict[str, list[dict[str, object]]]:
    """The trust list as a JSON Web Key Set: every agency key the trust root certified, current
    and retired, with its certificate and the root's (``x5c``), so a verifier can check
    signatures offline; a row the root did not certify is left out."""
    keys: list[dict[str, object]] = []
    root = base64.b64encode(trust_root().public_bytes(serialization.Encoding.DER)).decode()
    for record in AgencyKey.objects.select_related("agency").order_by("agency__slug", "pk"):
        try:
            public_key = certified_key(record).public_key
        except NotCertified:
            continue
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        der = certificate_of(record).public_bytes(serialization.Encoding.DER)
        keys.append(
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "use": "sig",
                "kid": record.key_id,
                "x": _b64url(raw),
                "x5c": [base64.b64encode(der).decode(), root],
                "agency": record.agency.slug,
                "retired": record.retired_at.isoformat() if record.retired_at else None,
            }
        )
    from qyzmet.trust.platform import published_platform_key  # platform imports this module

    keys.append(published_platform_key())
    return {"keys": keys}
