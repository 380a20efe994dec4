"""The ``xmldsig`` signature verifier: an XML document signed as NCALayer signs it (XMLDSig,
the ``ds:Signature`` enveloped as the last child of the root, one reference, the signer's
certificate in ``KeyInfo/X509Data``).

signxml checks the signature with the certificate ``KeyInfo`` carries (and nothing else: the
certificate's dates, path and revocation are judged by ``validation``, so that an expired
certificate is refused as expired, not as a bad signature). What the signature covers is
``SignatureCheck.signed_content``: the canonical bytes of the referenced content, the only
bytes a caller may trust (the rest of the document may have been added after signing).

Input is guarded: at most ``MAX_SIGNED_BYTES``, no DTD (so no external or expanding
entities), no network access while parsing, no huge trees. Nothing here raises for what a
person sent: a malformed document is a ``signature.malformed`` problem.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import logging
from dataclasses import dataclass

from cryptography import x509
from django.utils import timezone
from lxml import etree
from signxml import (
    DigestAlgorithm,
    SignatureConfiguration,
    SignatureMethod,
    XMLVerifier,
)
from signxml.exceptions import InvalidInput, SignXMLException

from qyzmet.identity.eds.certificates import signer_of
from qyzmet.identity.eds.validation import validate_certificate
from qyzmet.identity.verifiers import SignatureCheck, SignatureVerifier

logger = logging.getLogger(__name__)

MAX_SIGNED_BYTES = 1024 * 1024
DS = "http://www.w3.org/2000/09/xmldsig#"
NAMESPACES = {"ds": DS}
MALFORMED = "signature.malformed"
INVALID = "signature.invalid"
NO_PERSON = "signature.no_person"
# RSA and ECDSA with SHA-2 (what NCALayer makes with an RSA key); GOST (NCA RK's keys since
# 2015) needs a GOST-capable provider neither signxml nor cryptography has (docs/identity.md).
SIGNATURE_METHODS = frozenset(
    {
        SignatureMethod.RSA_SHA256,
        SignatureMethod.RSA_SHA384,
        SignatureMethod.RSA_SHA512,
        SignatureMethod.ECDSA_SHA256,
        SignatureMethod.ECDSA_SHA384,
        SignatureMethod.ECDSA_SHA512,
    }
)
DIGEST_ALGORITHMS = frozenset(
    {DigestAlgorithm.SHA256, DigestAlgorithm.SHA384, DigestAlgorithm.SHA512}
)


class MalformedSignature(Exception):
    """What was sent is not an XML document with one readable enveloped signature."""


@dataclass(frozen=True)
class _Parsed:
    document: bytes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def safe_parser() -> etree.XMLParser:
    """An XML parser that reads no DTD, resolves no entity, fetches nothing, and refuses
    documents deeper or larger than libxml2's safe limits."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
    )


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    return bool(constraints.value.ca)


def _certificates(signature: etree._Element) -> list[x509.Certificate]:
    certificates = []
    for element in signature.findall("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NAMESPACES):
        try:
            der = base64.b64decode("".join((element.text or "").split()), validate=True)
            certificates.append(x509.load_der_x509_certificate(der))
        except (binascii.Error, ValueError):
            raise MalformedSignature("an X509Certificate cannot be read") from None
    return certificates


def parse_signed(signed: bytes | str) -> _Parsed:
    """The document and the certificates its one signature carries (the signer's, and the
    CA certificates beside it); ``MalformedSignature`` when it is not such a document."""
    document = signed.encode("utf-8") if isinstance(signed, str) else signed
    if not document.strip():
        raise MalformedSignature("empty")
    if len(document) > MAX_SIGNED_BYTES:
        raise MalformedSignature("too large")
    try:
        root = etree.fromstring(document, parser=safe_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise MalformedSignature(f"not XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise MalformedSignature("a DTD is not allowed")
    signatures = root.findall(".//ds:Signature", NAMESPACES)
    if len(signatures) != 1 or signatures[0].getparent() is not root:
        raise MalformedSignature("expected one ds:Signature, a child of the root element")
    certificates = _certificates(signatures[0])
    signers = [c for c in certificates if not _is_ca(c)]
    if len(signers) != 1:
        raise MalformedSignature("expected one signer's certificate in KeyInfo/X509Data")
    chain = tuple(c for c in certificates if c is not signers[0])
    return _Parsed(document=document, certificate=signers[0], chain=chain)


def _verified_content(parsed: _Parsed) -> bytes:
    """The canonical bytes the signature covers; signxml's exceptions when it does not hold.
    The certificate's dates are left to ``validation`` (signxml is told a moment inside them)."""
    config = SignatureConfiguration(
        location="./",
        expect_references=1,
        signature_methods=SIGNATURE_METHODS,
        digest_algorithms=DIGEST_ALGORITHMS,
        verification_time=parsed.certificate.not_valid_before_utc,
    )
    result = XMLVerifier().verify(
        parsed.document, x509_cert=parsed.certificate, parser=safe_parser(), expect_config=config
    )
    return bytes(result.signed_data)  # type: ignore[union-attr]


class XmlDsigVerifier(SignatureVerifier):
    """An enveloped XMLDSig signature with the signer's certificate in ``KeyInfo``."""

    name = "xmldsig"

    def verify(self, *, signed: bytes, at: datetime.datetime | None = None) -> SignatureCheck:
        checked_at = at or timezone.now()
        try:
            parsed = parse_signed(signed)
        except MalformedSignature as error:
            logger.info("EDS signature refused as malformed: %s", error)
            return SignatureCheck(valid=False, checked_at=checked_at, problems=(MALFORMED,))
        try:
            content = _verified_content(parsed)
        except InvalidInput as error:
            logger.info("EDS signature refused as malformed: %s", error)
            return SignatureCheck(valid=False, checked_at=checked_at, problems=(MALFORMED,))
        except (SignXMLException, ValueError, etree.LxmlError) as error:
            logger.info("EDS signature refused: %s", error)
            return SignatureCheck(valid=False, checked_at=checked_at, problems=(INVALID,))
        signer = signer_of(parsed.certificate)
        problems = validate_certificate(certificate=parsed.certificate, chain=parsed.chain, at=at)
        if not problems and not signer.iin:
            problems = (NO_PERSON,)
        return SignatureCheck(
            valid=not problems,
            checked_at=checked_at,
            signer=signer,
            signed_content=content,
            problems=problems,
        )
