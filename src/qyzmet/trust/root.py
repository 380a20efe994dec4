"""The trust root: the certificate that must have issued every agency key.

The trust list (``AgencyKey``) is in the database, and whoever can write a row there could
otherwise make a key of their own sign for an agency. So a key signs only when its certificate
was issued by the trust root, to that agency, under that key id (``certified_agency``). The
root's certificate comes from configuration (``QYZMET_TRUST_ROOT``: a PEM file's path, or the
PEM itself), never from the database. Its private half is needed only to certify a new agency
key, and may be kept offline (``qyzmet trust rotate AGENCY --root-key FILE``). With the setting
empty, ``trust-root.pem`` in the key folder holds both halves, made on first use (a demo).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone

ROOT_FILE = "trust-root.pem"
ROOT_YEARS = 30
ROOT_NAME = "qyzmet trust root"


class TrustRootError(Exception):
    """The trust root cannot be read, or its private half is not at hand to certify a key."""


class NotCertified(Exception):
    """A certificate the trust root did not issue, or issued to another agency or key."""


@dataclass(frozen=True)
class RootKey:
    """Both halves of the trust root: what certifies agency keys."""

    private_key: Ed25519PrivateKey
    certificate: x509.Certificate


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_root(*, name: str = ROOT_NAME) -> RootKey:
    """A new trust root: an Ed25519 key and its self-signed CA certificate."""
    key = Ed25519PrivateKey.generate()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = timezone.now()
    usage = x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, None)
    )
    return RootKey(private_key=key, certificate=certificate)


def root_pem(root: RootKey) -> bytes:
    """The private key and the certificate, in one PEM file."""
    key = root.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key + root.certificate.public_bytes(serialization.Encoding.PEM)


def write_root(path: Path, root: RootKey) -> bool:
    """Write ``root`` to ``path`` (mode 0600) unless a file is there; whole or not at all, so
    processes making one at the same moment all keep the first. True when written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(root_pem(root))
        try:
            os.link(draft, path)
        except FileExistsError:
            return False
        return True
    finally:
        draft.unlink()


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the certificate, as people compare it: ``AB:CD:...``."""
    digest = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2)).upper()


def _default_file() -> Path:
    return Path(settings.KEY_DIR) / ROOT_FILE


def _as_root(certificate: x509.Certificate, source: str) -> x509.Certificate:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise TrustRootError(f"{source}: not a certification authority's certificate")
    if not isinstance(certificate.public_key(), Ed25519PublicKey):
        raise TrustRootError(f"{source}: not an Ed25519 key")
    return certificate


def _read(configured: str, default: Path) -> x509.Certificate:
    if configured.lstrip().startswith("-----BEGIN"):
        pem, source = configured.encode(), "QYZMET_TRUST_ROOT"
    else:
        path = Path(configured) if configured else default
        if not configured and not path.exists():
            write_root(path, new_root())
        source = str(path)
        try:
            pem = path.read_bytes()
        except OSError as error:
            raise TrustRootError(f"{source}: {error.strerror}") from None
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise TrustRootError(f"{source}: no PEM certificate") from None
    return _as_root(certificate, source)


_roots: dict[tuple[str, object], x509.Certificate] = {}  # read once per configuration


def trust_root() -> x509.Certificate:
    """The configured trust root's certificate (made in the key folder on first use when
    ``QYZMET_TRUST_ROOT`` is empty); ``TrustRootError`` when it cannot be read."""
    configuration = (settings.TRUST_ROOT, settings.KEY_DIR)
    root = _roots.get(configuration)
    if root is None:
        root = _roots[configuration] = _read(settings.TRUST_ROOT, _default_file())
    return root


def read_root_key(path: Path) -> RootKey:
    """The trust root's private half from ``path`` (the key folder's ``trust-root.pem``, or an
    offline copy); ``TrustRootError`` unless it is the configured root's."""
    root = trust_root()
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as error:
        raise TrustRootError(f"{path}: {error.strerror}") from None
    except ValueError:
        raise TrustRootError(f"{path}: no PEM private key") from None
    public_key = root.public_key()
    if not isinstance(key, Ed25519PrivateKey) or not isinstance(public_key, Ed25519PublicKey):
        raise TrustRootError(f"{path}: not an Ed25519 key")
    if _raw(key.public_key()) != _raw(public_key):
        raise TrustRootError(f"{path} is not the key of the trust root {fingerprint(root)}")
    return RootKey(private_key=key, certificate=root)


def root_key(path: Path | None = None) -> RootKey:
    """The trust root's private half, to certify a key: from ``path``, else the key folder."""
    if path is not None:
        return read_root_key(path)
    trust_root()  # made first, when it is made in the key folder
    try:
        return read_root_key(_default_file())
    except TrustRootError:
        raise TrustRootError(
            "An agency key must be certified by the trust root, whose private key is not in "
            "the key folder: give it with --root-key FILE (docs/operations.md, 'Signing keys')."
        ) from None


def root_key_in_key_folder() -> bool:
    """Whether the trust root's private half sits in the key folder, beside the servers."""
    try:
        read_root_key(_default_file())
    except TrustRootError:
        return False
    return True


def issue_certificate(
    *,
    root: RootKey,
    subject: x509.Name,
    public_key: Ed25519PublicKey,
    valid_from: datetime.datetime,
    valid_until: datetime.datetime,
) -> x509.Certificate:
    """An agency key's certificate, issued by the trust root: it may sign, not certify."""
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    issuer_key = root.private_key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(min(valid_until, root.certificate.not_valid_after_utc))
        .add_extension(usage, critical=True)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key), critical=False
        )
        .sign(root.private_key, None)
    )


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if len(values) == 1 else ""


def agency_and_key_id(certificate: x509.Certificate) -> tuple[str, str]:
    """What a certificate names: the agency's slug and the key id."""
    subject = certificate.subject
    return (
        _attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME),
        _attribute(subject, NameOID.SERIAL_NUMBER),
    )


def certified_agency(
    certificate: x509.Certificate, *, key_id: str, root: x509.Certificate | None = None
) -> str:
    """The slug of the agency the trust root (``root``, else the configured one) certified
    ``certificate``'s key for, under ``key_id``, to sign; ``NotCertified`` otherwise."""
    root = root or trust_root()
    try:
        certificate.verify_directly_issued_by(root)
    except (ValueError, TypeError, InvalidSignature):
        raise NotCertified(f"{key_id}: not issued by the trust root") from None
    agency, named = agency_and_key_id(certificate)
    if not agency or named != key_id:
        raise NotCertified(f"{key_id}: the trust root certified another key id ({named!r})")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        raise NotCertified(f"{key_id}: not certified to sign") from None
    if not usage.digital_signature or constraints.ca:
        raise NotCertified(f"{key_id}: not certified to sign")
    if not isinstance(certificate.public_key(), Ed25519PublicKey):
        raise NotCertified(f"{key_id}: not an Ed25519 key")
    return agency
