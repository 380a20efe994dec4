"""A test PKI shaped like Kazakhstan's national CA (NCA RK), built with ``cryptography``: a
root, an intermediate that issues people's certificates, a delegated OCSP signer, and a
foreign CA nobody configured; personal certificates (RSA and ECDSA) with NCA-style subjects,
company certificates (BIN and role), expired and revoked ones; the CRLs; and ``sign_xml``,
which signs an XML document enveloped as NCALayer does.

The certificates name the test OCSP responder (``tests/counterparts/ocsp_responder.py``) in
their AIA and its CRLs in their CRL distribution points; ``write`` puts what the responder
reads (its index of statuses, its signing certificate and key, the CRLs) in a folder.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
from lxml import etree
from signxml import CanonicalizationMethod, SignatureMethod, XMLSigner

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

INDIVIDUAL = "1.2.398.3.3.4.1.1"
LEGAL_ENTITY = "1.2.398.3.3.4.1.2"
ROLE_OIDS = {
    "head": "1.2.398.3.3.4.1.2.1",
    "signer": "1.2.398.3.3.4.1.2.2",
    "finance_signer": "1.2.398.3.3.4.1.2.3",
    "hr": "1.2.398.3.3.4.1.2.4",
    "employee": "1.2.398.3.3.4.1.2.5",
}
DAY = datetime.timedelta(days=1)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def new_key(kind: str = "rsa") -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Issued:
    """A certificate with its private key."""

    certificate: x509.Certificate
    key: PrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def serial(self) -> int:
        return self.certificate.serial_number


def _name(**parts: str) -> x509.Name:
    oids = {
        "CN": NameOID.COMMON_NAME,
        "SURNAME": NameOID.SURNAME,
        "SERIALNUMBER": NameOID.SERIAL_NUMBER,
        "C": NameOID.COUNTRY_NAME,
        "GIVENNAME": NameOID.GIVEN_NAME,
        "O": NameOID.ORGANIZATION_NAME,
        "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[key], value) for key, value in parts.items()])


def _ca_certificate(
    *, name: x509.Name, key: PrivateKey, issuer: Issued | None, crl_url: str | None
) -> x509.Certificate:
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.certificate.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - 3650 * DAY)
        .not_valid_after(now + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if crl_url:
        builder = builder.add_extension(_crl_points(crl_url), critical=False)
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


def _crl_points(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)]
    )


@dataclass
class Revocation:
    serial: int
    at: datetime.datetime
    issuer: str  # "intermediate" or "root"


@dataclass
class TestPKI:
    """The test national CA. ``url`` is where its OCSP responder and CRLs are served."""

    url: str
    root: Issued = field(init=False)
    intermediate: Issued = field(init=False)
    ocsp_signer: Issued = field(init=False)
    foreign_root: Issued = field(init=False)
    foreign_intermediate: Issued = field(init=False)
    revoked: list[Revocation] = field(default_factory=list)
    known: dict[int, str] = field(default_factory=dict)  # serial → issuer, for "good"
    folder: Path | None = None  # where the responder reads: rewritten on every change

    __test__ = False  # not a test class, whatever its name

    def __post_init__(self) -> None:
        root_key = new_key()
        root_name = _name(CN="ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST ROOT)", C="KZ")
        self.root = Issued(
            _ca_certificate(name=root_name, key=root_key, issuer=None, crl_url=None), root_key
        )
        intermediate_key = new_key()
        self.intermediate = Issued(
            _ca_certificate(
                name=_name(CN="ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST RSA)", C="KZ"),
                key=intermediate_key,
                issuer=self.root,
                crl_url=f"{self.url}/crl/root.crl",
            ),
            intermediate_key,
        )
        foreign_key = new_key()
        foreign_name = _name(CN="Somewhere Else Root CA", C="XX")
        self.foreign_root = Issued(
            _ca_certificate(name=foreign_name, key=foreign_key, issuer=None, crl_url=None),
            foreign_key,
        )
        foreign_intermediate_key = new_key()
        self.foreign_intermediate = Issued(
            _ca_certificate(
                name=_name(CN="Somewhere Else Issuing CA", C="XX"),
                key=foreign_intermediate_key,
                issuer=self.foreign_root,
                crl_url=None,
            ),
            foreign_intermediate_key,
        )
        self.ocsp_signer = self._issue(
            subject=_name(CN="OCSP RESPONDER (TEST)", C="KZ"),
            key=new_key(),
            purposes=[ExtendedKeyUsageOID.OCSP_SIGNING],
            extra=[(x509.OCSPNoCheck(), False)],
            ocsp_url=None,
            crl_url=None,
        )

    # --- issuing ---------------------------------------------------------------------------

    def _issue(
        self,
        *,
        subject: x509.Name,
        key: PrivateKey,
        purposes: list[x509.ObjectIdentifier],
        ocsp_url: str | None,
        crl_url: str | None,
        issuer: Issued | None = None,
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
        signing: bool = True,
        authentication: bool = False,
        extra: list[tuple[x509.ExtensionType, bool]] | None = None,
    ) -> Issued:
        issuer = issuer or self.intermediate
        now = _now()
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - DAY)
            .not_valid_after(not_after or now + 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=signing or authentication,
                    content_commitment=signing and not authentication,
                    key_encipherment=not signing or authentication,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                critical=False,
            )
        )
        if ocsp_url:
            builder = builder.add_extension(
                x509.AuthorityInformationAccess(
                    [
                        x509.AccessDescription(
                            AuthorityInformationAccessOID.OCSP,
                            x509.UniformResourceIdentifier(ocsp_url),
                        )
                    ]
                ),
                critical=False,
            )
        if crl_url:
            builder = builder.add_extension(_crl_points(crl_url), critical=False)
        for extension, critical in extra or []:
            builder = builder.add_extension(extension, critical=critical)
        certificate = builder.sign(issuer.key, hashes.SHA256())
        if issuer is self.intermediate:
            self.known[certificate.serial_number] = "intermediate"
            self._publish()
        return Issued(certificate, key)

    def person(
        self,
        iin: str,
        *,
        surname: str = "ТЕСТОВ",
        first_name: str = "ТЕСТ",
        patronymic: str = "ТЕСТОВИЧ",
        key: str = "rsa",
        company_bin: str = "",
        company: str = "ТОО «ТЕСТ»",
        role: str = "",
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
        ocsp: bool = True,
        crl: bool = True,
        revocation_url: str | None = None,
        foreign: bool = False,
        signing: bool = True,
        authentication: bool = False,
    ) -> Issued:
        """A signing certificate for the person ``iin``, as NCA RK writes it; with
        ``company_bin``, a company certificate naming the holder's ``role`` there.
        ``revocation_url`` puts the OCSP responder and CRL somewhere else (a dead address).
        ``authentication``: the person's other certificate, for signing in (NCA RK's AUTH_
        key: ``digitalSignature`` and ``keyEncipherment``, TLS client authentication), not
        for legally binding signatures (no ``nonRepudiation``)."""
        parts = {
            "CN": f"{surname} {first_name}",
            "SURNAME": surname,
            "SERIALNUMBER": f"IIN{iin}",
            "C": "KZ",
            "GIVENNAME": patronymic,
        }
        usage = ExtendedKeyUsageOID.CLIENT_AUTH if authentication else None
        purposes = [usage or ExtendedKeyUsageOID.EMAIL_PROTECTION]
        if company_bin:
            parts |= {"O": company, "OU": f"BIN{company_bin}"}
            purposes.append(x509.ObjectIdentifier(LEGAL_ENTITY))
            if role:
                purposes.append(x509.ObjectIdentifier(ROLE_OIDS[role]))
        else:
            purposes.append(x509.ObjectIdentifier(INDIVIDUAL))
        base = revocation_url or self.url
        return self._issue(
            subject=_name(**parts),
            key=new_key(key),
            purposes=purposes,
            ocsp_url=f"{base}/ocsp" if ocsp else None,
            crl_url=f"{base}/crl/intermediate.crl" if crl else None,
            issuer=self.foreign_intermediate if foreign else None,
            not_before=not_before,
            not_after=not_after,
            signing=signing,
            authentication=authentication,
        )

    def expired(self, iin: str) -> Issued:
        now = _now()
        return self.person(iin, not_before=now - 400 * DAY, not_after=now - 30 * DAY)

    def revoke(self, issued: Issued, *, at: datetime.datetime | None = None) -> None:
        """Revoke ``issued``: the OCSP responder says so, and the intermediate's CRL lists it."""
        self.revoked.append(
            Revocation(serial=issued.serial, at=at or _now() - DAY, issuer="intermediate")
        )
        self._publish()

    def forget(self, issued: Issued) -> None:
        """The OCSP responder no longer knows ``issued`` (it answers ``unknown``)."""
        self.known.pop(issued.serial, None)
        self._publish()

    def _publish(self) -> None:
        if self.folder is not None:
            self.write(self.folder)

    # --- what the responder and the platform read -------------------------------------------

    def crl(self, issuer: str) -> x509.CertificateRevocationList:
        ca = self.intermediate if issuer == "intermediate" else self.root
        now = _now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(ca.certificate.subject)
            .last_update(now - datetime.timedelta(minutes=5))
            .next_update(now + DAY)
            .add_extension(x509.CRLNumber(len(self.revoked) + 1), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
                critical=False,
            )
        )
        for revocation in self.revoked:
            if revocation.issuer == issuer:
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder()
                    .serial_number(revocation.serial)
                    .revocation_date(revocation.at)
                    .build()
                )
        return builder.sign(ca.key, hashes.SHA256())

    def write_ca_certificates(self, folder: Path) -> Path:
        """The root and the intermediate, as an operator installs NCA RK's (PEM and DER)."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "root.pem").write_bytes(self.root.pem)
        (folder / "intermediate.cer").write_bytes(
            self.intermediate.certificate.public_bytes(serialization.Encoding.DER)
        )
        return folder

    def write(self, folder: Path) -> Path:
        """Write what the OCSP responder reads to ``folder``; returns its index file."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "responder.pem").write_bytes(self.ocsp_signer.pem)
        (folder / "responder.key").write_bytes(
            self.ocsp_signer.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        (folder / "intermediate.pem").write_bytes(self.intermediate.pem)
        for issuer in ("intermediate", "root"):
            (folder / f"{issuer}.crl").write_bytes(
                self.crl(issuer).public_bytes(serialization.Encoding.DER)
            )
        statuses: dict[str, dict[str, str]] = {
            format(serial, "x"): {"status": "good"} for serial in self.known
        }
        for revocation in self.revoked:
            statuses[format(revocation.serial, "x")] = {
                "status": "revoked",
                "revoked_at": revocation.at.isoformat(),
            }
        index = folder / "index.json"
        written = folder / "index.json.new"
        written.write_text(
            json.dumps(
                {
                    "issuer": "intermediate.pem",
                    "responder_certificate": "responder.pem",
                    "responder_key": "responder.key",
                    "crls": {"intermediate.crl": "intermediate.crl", "root.crl": "root.crl"},
                    "certificates": statuses,
                },
                indent=1,
            )
        )
        written.replace(index)  # the responder never reads half a file
        return index


def sign_xml(
    xml_bytes: bytes,
    key: PrivateKey,
    cert: x509.Certificate,
    *,
    chain: tuple[x509.Certificate, ...] = (),
) -> bytes:
    """``xml_bytes`` signed as NCALayer's ``signXml`` signs: an enveloped XMLDSig signature
    as the root's last child, rsa-sha256 (or ecdsa-sha256 for an EC key) over the whole
    document (``URI=""``), inclusive canonicalization, the signer's certificate in
    ``KeyInfo/X509Data``."""
    method = (
        SignatureMethod.ECDSA_SHA256
        if isinstance(key, ec.EllipticCurvePrivateKey)
        else SignatureMethod.RSA_SHA256
    )
    signer = XMLSigner(
        signature_algorithm=method,
        digest_algorithm="sha256",
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    signed = signer.sign(etree.fromstring(xml_bytes), key=key, cert=[cert, *chain])
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


# --- fixtures (a pytest plugin: tests/conftest.py names this module in pytest_plugins) --------


@dataclass
class ServedPKI:
    """The test PKI with its OCSP responder and CRLs served by their own process; what the
    PKI issues or revokes, the responder answers at once."""

    pki: TestPKI
    folder: Path  # what the responder reads
    ca_folder: Path  # the CA certificates, as QYZMET_EDS_CA_CERTS names them
    dead_url: str  # an address where nothing answers (a responder that is down)


@pytest.fixture(scope="session")
def eds_pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedPKI]:
    """The test national CA, its OCSP responder and CRLs served on a free port (made once
    per test session: keys and a process are costly)."""
    from tests.served import free_port, start_process, wait_for

    port = free_port()
    folder = tmp_path_factory.mktemp("eds-pki")
    pki = TestPKI(url=f"http://127.0.0.1:{port}")
    served = ServedPKI(
        pki=pki,
        folder=folder / "responder",
        ca_folder=pki.write_ca_certificates(folder / "ca"),
        dead_url=f"http://127.0.0.1:{free_port()}",
    )
    pki.folder = served.folder
    pki.write(served.folder)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "src")])}
    process = start_process(
        [sys.executable, "-m", "tests.counterparts.ocsp_responder", "--port", str(port),
         "--index", str(served.folder / "index.json")],
        env=env, log=folder / "responder.log",
    )  # fmt: skip
    try:
        wait_for(f"{pki.url}/health")
        if process.poll() is not None:
            raise RuntimeError((folder / "responder.log").read_text())
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def eds_trust(eds_pki: ServedPKI, settings: Any) -> ServedPKI:
    """The test national CA's certificates configured as the ones EDS signatures are
    validated to (``QYZMET_EDS_CA_CERTS``)."""
    settings.EDS_CA_CERTS = [str(eds_pki.ca_folder)]
    return eds_pki
