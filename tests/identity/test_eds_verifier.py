"""The ``xmldsig`` verifier checks a document signed as NCALayer signs it: the signature, the
certificate's path to the configured national CA, its dates and its revocation (OCSP and
CRL, asked of the test CA's responder running as its own process)."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.identity.verifiers import verifier
from tests.support.pki import ServedPKI, sign_xml

DOCUMENT = (
    b"<login><challenge>c2lnbi1tZS1pbg</challenge><issued>2026-01-01T00:00:00Z</issued></login>"
)
IIN = "850101300124"
BIN = "040340008429"


def verify(signed: bytes, at: datetime.datetime | None = None):
    return verifier("xmldsig").verify(signed=signed, at=at)


def test_a_personal_rsa_signature_is_accepted_with_its_signer(eds_trust: ServedPKI) -> None:
    person = eds_trust.pki.person(
        IIN, surname="ЖҰМАБАЕВ", first_name="АСХАТ", patronymic="ЕРЛАНҰЛЫ"
    )

    check = verify(sign_xml(DOCUMENT, person.key, person.certificate))

    assert check.problems == ()
    assert check.valid
    assert check.signer is not None
    assert check.signer.iin == IIN
    assert check.signer.name == "ЖҰМАБАЕВ АСХАТ ЕРЛАНҰЛЫ"
    assert (check.signer.bin, check.signer.role) == ("", "")
    assert check.signer.certificate_serial == format(person.serial, "x")
    assert b"<challenge>c2lnbi1tZS1pbg</challenge>" in check.signed_content
    assert b"Signature" not in check.signed_content  # the enveloped signature is not content


def test_an_ecdsa_signature_is_accepted(eds_trust: ServedPKI) -> None:
    person = eds_trust.pki.person(IIN, key="ec")

    check = verify(sign_xml(DOCUMENT, person.key, person.certificate))

    assert check.valid, check.problems
    assert check.signer is not None and check.signer.iin == IIN


def test_a_company_certificate_names_the_company_and_the_holders_role(
    eds_trust: ServedPKI,
) -> None:
    head = eds_trust.pki.person(IIN, company_bin=BIN, role="head")

    check = verify(sign_xml(DOCUMENT, head.key, head.certificate))

    assert check.valid, check.problems
    assert check.signer is not None
    assert (check.signer.iin, check.signer.bin, check.signer.role) == (IIN, BIN, "head")


def test_a_document_changed_after_signing_is_refused(eds_trust: ServedPKI) -> None:
    person = eds_trust.pki.person(IIN)
    signed = sign_xml(DOCUMENT, person.key, person.certificate)

    check = verify(signed.replace(b"c2lnbi1tZS1pbg", b"c29tZXRoaW5nLWVsc2U"))

    assert not check.valid
    assert check.problems == ("signature.invalid",)
    assert check.signer is None  # nobody is named by a signature that does not hold


def test_a_signature_made_with_another_key_than_the_certificates_is_refused(
    eds_trust: ServedPKI,
) -> None:
    person, stranger = eds_trust.pki.person(IIN), eds_trust.pki.person("900202400123")

    check = verify(sign_xml(DOCUMENT, stranger.key, person.certificate))

    assert check.problems == ("signature.invalid",)


def test_an_expired_certificate_is_refused_as_expired(eds_trust: ServedPKI) -> None:
    expired = eds_trust.pki.expired(IIN)

    check = verify(sign_xml(DOCUMENT, expired.key, expired.certificate))

    assert not check.valid
    assert check.problems == ("signature.certificate_expired",)


def test_a_certificate_the_ocsp_responder_says_is_revoked_is_refused(
    eds_trust: ServedPKI,
) -> None:
    person = eds_trust.pki.person(IIN, crl=False)  # OCSP alone can tell
    signed = sign_xml(DOCUMENT, person.key, person.certificate)
    assert verify(signed).valid

    eds_trust.pki.revoke(person)

    assert verify(signed).problems == ("signature.certificate_revoked",)


def test_a_certificate_revoked_on_the_crl_alone_is_refused(eds_trust: ServedPKI) -> None:
    person = eds_trust.pki.person(IIN, ocsp=False)  # no OCSP responder in its AIA: the CRL
    eds_trust.pki.revoke(person)

    check = verify(sign_xml(DOCUMENT, person.key, person.certificate))

    assert check.problems == ("signature.certificate_revoked",)


def test_a_certificate_of_a_foreign_ca_is_refused(eds_trust: ServedPKI) -> None:
    foreigner = eds_trust.pki.person(IIN, foreign=True)
    chain = (eds_trust.pki.foreign_intermediate.certificate,)

    check = verify(sign_xml(DOCUMENT, foreigner.key, foreigner.certificate, chain=chain))

    assert check.problems == ("signature.untrusted_issuer",)


def test_when_revocation_cannot_be_checked_the_signature_is_refused(
    eds_trust: ServedPKI,
) -> None:
    person = eds_trust.pki.person(IIN, revocation_url=eds_trust.dead_url)

    check = verify(sign_xml(DOCUMENT, person.key, person.certificate))

    assert not check.valid
    assert check.problems == ("signature.revocation_unknown",)


def test_a_certificate_naming_no_revocation_service_is_refused(eds_trust: ServedPKI) -> None:
    person = eds_trust.pki.person(IIN, ocsp=False, crl=False)

    check = verify(sign_xml(DOCUMENT, person.key, person.certificate))

    assert check.problems == ("signature.revocation_unknown",)


def test_a_certificate_not_meant_for_signing_is_refused(eds_trust: ServedPKI) -> None:
    encryption_only = eds_trust.pki.person(IIN, signing=False)

    check = verify(sign_xml(DOCUMENT, encryption_only.key, encryption_only.certificate))

    assert check.problems == ("signature.certificate_not_for_signing",)


def test_without_configured_ca_certificates_every_signature_is_untrusted(
    eds_pki: ServedPKI, settings
) -> None:
    settings.EDS_CA_CERTS = []
    person = eds_pki.pki.person(IIN)

    check = verify(sign_xml(DOCUMENT, person.key, person.certificate))

    assert check.problems == ("signature.untrusted_issuer",)


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"not xml at all",
        b"<login><challenge>unsigned</challenge></login>",
        b"<login><unclosed></login>",
        "<login>ü</login>".encode("latin-1"),
    ],
    ids=["empty", "text", "unsigned", "broken", "wrong-encoding"],
)
def test_what_is_not_a_signed_document_is_malformed(eds_trust: ServedPKI, sent: bytes) -> None:
    check = verify(sent)

    assert (check.valid, check.problems) == (False, ("signature.malformed",))


def test_a_document_with_entities_is_refused_unread(eds_trust: ServedPKI, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    person = eds_trust.pki.person(IIN)
    signed = sign_xml(b"<login><challenge>x</challenge></login>", person.key, person.certificate)
    body = signed.split(b"?>", 1)[1]
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE login [<!ENTITY s SYSTEM "file://'
        + str(secret).encode()
        + b'">]>'
        + body.replace(b"<challenge>x</challenge>", b"<challenge>&s;</challenge>")
    )

    check = verify(hostile)

    assert check.problems == ("signature.malformed",)
    assert b"TOP-SECRET" not in check.signed_content


def test_a_huge_document_is_refused_unread(eds_trust: ServedPKI) -> None:
    check = verify(b"<login>" + b"a" * (2 * 1024 * 1024) + b"</login>")

    assert check.problems == ("signature.malformed",)


def test_a_signature_is_checked_as_of_the_time_it_was_made(eds_trust: ServedPKI) -> None:
    now = datetime.datetime.now(datetime.UTC)
    lapsed = eds_trust.pki.person(
        IIN,
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=1),
    )
    signed = sign_xml(DOCUMENT, lapsed.key, lapsed.certificate)

    assert verify(signed).problems == ("signature.certificate_expired",)
    assert verify(signed, at=now - datetime.timedelta(days=30)).valid
