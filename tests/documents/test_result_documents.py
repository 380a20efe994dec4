"""An approved case gives the citizen a signed PDF that anyone can check: byte for byte, by
its number, or offline through its QR code with nothing but the published keys."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection

from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.qr import InvalidToken, qr_token, read_qr_token
from qyzmet.documents.services import issue_result_document, revoke_document
from qyzmet.documents.verification import (
    Verdict,
    verify_document_file,
    verify_document_number,
)
from qyzmet.trust.keys import published_keys, rotate_agency_key
from qyzmet.trust.root import trust_root
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db: Any) -> Any:
    citizen = CitizenFactory(language="kk")
    application = ApplicationFactory(citizen=citizen, service="passport", approved=True)
    return issue_result_document(case=application.cases.get())


def test_an_approved_case_gets_a_signed_pdf_in_the_citizens_language(document):
    assert document.pdf.startswith(b"%PDF-")
    assert document.language == "kk"
    assert document.content["service"] == "Қазақстан Республикасы азаматының паспортын беру"
    assert document.content["holder_iin"] == document.case.application.subject_iin
    assert verify_document_file(bytes(document.pdf)).verdict is Verdict.AUTHENTIC
    assert AuditRecord.objects.filter(action="document.issued", object_id=document.pk).exists()


def test_what_a_document_says_and_its_pdf_are_stored_encrypted(document):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, pdf FROM documents_resultdocument WHERE id = %s", [document.pk]
        )
        content, pdf = (str(value) for value in cursor.fetchone())
    assert document.content["holder_iin"] not in content and "%PDF" not in pdf
    stored = ResultDocument.objects.get(pk=document.pk)
    assert bytes(stored.pdf) == bytes(document.pdf) and stored.content == document.content


def test_a_case_gets_one_document_however_often_it_is_asked_for(document):
    assert issue_result_document(case=document.case).pk == document.pk


def test_a_rejected_case_gets_no_document(db):
    application = ApplicationFactory(service="passport", rejected=True)
    with pytest.raises(Conflict):
        issue_result_document(case=application.cases.get())


@pytest.mark.parametrize("where", [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0])
def test_changing_any_one_byte_makes_verification_fail(document, where):
    data = bytearray(document.pdf)
    position = min(int(len(data) * where), len(data) - 1)
    data[position] ^= 0x01
    verification = verify_document_file(bytes(data))
    assert not verification.authentic, f"byte {position} of {len(data)}"


def test_changing_a_byte_of_the_signature_padding_is_caught(document):
    data = bytes(document.pdf)
    padding = data.index(b"0000000000", data.index(b"/Contents <"))
    changed = data[:padding] + b"1" + data[padding + 1 :]
    assert verify_document_file(changed).verdict is Verdict.ALTERED


def test_content_appended_after_signing_is_caught(document):
    assert not verify_document_file(bytes(document.pdf) + b"\n%%EOF\n").authentic


def test_a_pdf_that_is_not_a_qyzmet_document_is_named_so(db):
    assert verify_document_file(b"%PDF-1.7\nnot really").verdict is Verdict.UNREADABLE
    assert verify_document_file(b"").verdict is Verdict.UNREADABLE


def test_a_revoked_document_verifies_as_revoked(document):
    revoke_document(
        document=document, ground="issued_in_error", reason="Decision reversed", actor=None,
        channel="cli",
    )  # fmt: skip
    assert verify_document_file(bytes(document.pdf)).verdict is Verdict.REVOKED
    assert verify_document_number(document.pk).verdict is Verdict.REVOKED
    with pytest.raises(Conflict):
        revoke_document(
            document=document, ground="issued_in_error", reason="again", actor=None, channel="cli"
        )


def test_the_written_reason_of_a_revocation_is_encrypted_at_rest(document):
    reason = "Aigerim Sadykova, the holder's neighbour, proved the address was false."
    revoke_document(document=document, ground="new_facts", reason=reason, actor=None, channel="cli")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT revocation_ground, revocation_reason FROM documents_resultdocument "
            "WHERE id = %s",
            [document.pk],
        )
        ground, stored = cursor.fetchone()
    assert ground == "new_facts" and "Sadykova" not in stored
    assert ResultDocument.objects.get(pk=document.pk).revocation_reason == reason


def test_an_unknown_number_is_unknown(db):
    assert verify_document_number("AAAA-BBBB-CCCC-DDDD").verdict is Verdict.UNKNOWN


def test_documents_signed_before_a_key_rotation_still_verify(document):
    rotate_agency_key(agency=document.agency)
    assert verify_document_file(bytes(document.pdf)).verdict is Verdict.AUTHENTIC


def _qr_of(document) -> str:
    # The QR code's text is drawn into the PDF; the same text is kept with the document.
    return document.content["qr"]


def test_the_qr_code_verifies_offline_with_only_the_published_keys_and_root(
    document, django_assert_num_queries
):
    key_set = json.loads(json.dumps(published_keys()))  # as downloaded from /verify/keys.json
    with django_assert_num_queries(0):
        claims = read_qr_token(_qr_of(document), key_set=key_set, root=trust_root())
    assert claims["jti"] == document.pk
    assert claims["name"] == document.content["holder_name"]
    iin = document.content["holder_iin"]
    assert claims["iin"] == f"{iin[:4]}******{iin[-2:]}"


def test_the_qr_code_holds_a_masked_iin_never_the_full_one(document):
    iin = document.content["holder_iin"]
    token = _qr_of(document).rsplit("#", 1)[1]
    payload = jwt.decode(token, options={"verify_signature": False})
    assert iin not in json.dumps(payload) and iin[4:10] not in json.dumps(payload)
    assert iin not in _qr_of(document)


def test_a_changed_qr_payload_does_not_verify(document):
    key_set = published_keys()
    text = _qr_of(document)
    head, payload, signature = text.rsplit("#", 1)[-1].split(".")
    forged = f"{head}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{signature}"
    with pytest.raises(InvalidToken):
        read_qr_token(forged, key_set=key_set, root=trust_root())


def test_a_qr_payload_signed_by_a_key_outside_the_trust_list_does_not_verify(document):
    claims = read_qr_token(_qr_of(document), key_set=published_keys(), root=trust_root())
    kid = document.key.key_id
    forged = qr_token(claims=claims, key=Ed25519PrivateKey.generate(), key_id=kid)
    with pytest.raises(InvalidToken):
        read_qr_token(forged, key_set=published_keys(), root=trust_root())


def test_another_agencys_key_cannot_vouch_for_a_document(document):
    other = Agency.objects.exclude(pk=document.agency_id).first()
    from qyzmet.trust.keys import signing_key

    other_key = signing_key(agency=other)
    claims = read_qr_token(_qr_of(document), key_set=published_keys(), root=trust_root())
    forged = qr_token(claims=claims, key=other_key.private_key, key_id=other_key.key_id)
    with pytest.raises(InvalidToken, match="another agency"):
        read_qr_token(forged, key_set=published_keys(), root=trust_root())
