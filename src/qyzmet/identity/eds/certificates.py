"""Whom a certificate of the national CA (NCA RK) names, read as NCA RK writes it.

The subject of a personal certificate reads, for example::

    CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, SERIALNUMBER=IIN850101300124, C=KZ, GIVENNAME=ТЕСТОВИЧ

``CN`` is the surname and first name, ``GIVENNAME`` (``G``) the patronymic, ``SERIALNUMBER``
the IIN with the prefix ``IIN``. A company's certificate (of a person who works for it) adds
``O`` (the company's name) and ``OU=BIN…`` (its BIN). The holder's place in the company is in
the extended key usage, as NCA RK's OIDs (the Rules of issuing registration certificates,
Order of the Minister of Digital Development of the Republic of Kazakhstan, 2020, registered
as V2000021440; the same table in the open-source NCANode's ``CertificateKeyUser``):

=====================  =========================================================
1.2.398.3.3.4.1.1      an individual
1.2.398.3.3.4.1.2      a legal entity (an employee of the company in ``OU``)
1.2.398.3.3.4.1.2.1    the first head, with the right to sign (``head``)
1.2.398.3.3.4.1.2.2    a person with the right to sign (``signer``)
1.2.398.3.3.4.1.2.3    the right to sign financial documents (``finance_signer``)
1.2.398.3.3.4.1.2.4    the personnel officer confirming employees' requests (``hr``)
1.2.398.3.3.4.1.2.5    an employee of the company (``employee``)
=====================  =========================================================
"""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from qyzmet.identity.verifiers import Signer

INDIVIDUAL = "1.2.398.3.3.4.1.1"
LEGAL_ENTITY = "1.2.398.3.3.4.1.2"
ROLES = {  # the most authority first: a certificate naming two roles is read as the first
    "1.2.398.3.3.4.1.2.1": "head",
    "1.2.398.3.3.4.1.2.2": "signer",
    "1.2.398.3.3.4.1.2.3": "finance_signer",
    "1.2.398.3.3.4.1.2.4": "hr",
    "1.2.398.3.3.4.1.2.5": "employee",
}
_TWELVE_DIGITS = re.compile(r"\d{12}")


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    value = values[0].value if values else ""
    return value.strip() if isinstance(value, str) else ""


def _prefixed(value: str, prefix: str) -> str:
    """The 12 digits after ``prefix`` (``IIN850101300124`` → ``850101300124``), else ''."""
    if value.upper().startswith(prefix):
        digits = value[len(prefix) :]
        if _TWELVE_DIGITS.fullmatch(digits):
            return digits
    return ""


def key_purposes(certificate: x509.Certificate) -> set[str]:
    """The OIDs of the certificate's extended key usage (none: an empty set)."""
    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        return set()
    return {purpose.dotted_string for purpose in usage.value}


def for_non_repudiation(certificate: x509.Certificate) -> bool:
    """Whether the certificate's key usage names ``nonRepudiation`` (``contentCommitment``):
    NCA RK's signing certificates do, its ``AUTH_`` certificates for signing in do not."""
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    except x509.ExtensionNotFound:
        return False
    return bool(usage.value.content_commitment)


def role_of(certificate: x509.Certificate) -> str:
    """The holder's role in the company a company certificate names, or '' (for example a
    legal entity's certificate naming no role, or a personal one)."""
    purposes = key_purposes(certificate)
    return next((role for oid, role in ROLES.items() if oid in purposes), "")


def signer_of(certificate: x509.Certificate) -> Signer:
    """The signer a certificate names: IIN (``SERIALNUMBER=IIN…``), full name (``CN`` and
    the patronymic in ``GIVENNAME``), and for a company certificate its BIN (``OU=BIN…``, or
    a ``SERIALNUMBER=BIN…`` on a company's own seal) and the holder's role. ``iin`` is empty
    when the subject names none (the caller refuses such a certificate for a person)."""
    subject = certificate.subject
    serial = _attribute(subject, NameOID.SERIAL_NUMBER)
    unit = _attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
    common = _attribute(subject, NameOID.COMMON_NAME)
    patronymic = _attribute(subject, NameOID.GIVEN_NAME)
    company_bin = _prefixed(unit, "BIN") or _prefixed(serial, "BIN")
    return Signer(
        iin=_prefixed(serial, "IIN"),
        name=" ".join(part for part in (common, patronymic) if part),
        bin=company_bin,
        role=role_of(certificate) if company_bin else "",
        non_repudiation=for_non_repudiation(certificate),
        certificate_serial=format(certificate.serial_number, "x"),
        certificate_issuer=certificate.issuer.rfc4514_string(),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def read_certificates(data: bytes) -> list[x509.Certificate]:
    """The certificates in ``data``: one or more PEM blocks, or one DER certificate;
    ``ValueError`` when it holds none."""
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]
