"""A service that needs EDS is submitted with its applicant's XML signature of the draft's
document, checked against the test national CA and its OCSP responder (a process of its own):
valid and theirs is accepted and kept; someone else's, of other content, or with a revoked,
expired or foreign certificate is refused with the reason, and the refusal is audited."""

from __future__ import annotations

import pytest
from django.db import connection

from qyzmet.applications.models import ApplicationSignature
from qyzmet.applications.services import save_draft
from qyzmet.applications.signature_checks import signing_request
from qyzmet.audit.models import AuditRecord
from tests.signing.conftest import signed_by, submit, with_signature

pytestmark = pytest.mark.django_db


def refusal(client, draft, xml, language="en"):
    answer = submit(client, draft, with_signature(xml), HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 422, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not ApplicationSignature.objects.filter(application=draft).exists()
    return answer.json()


def test_a_draft_signed_by_its_applicant_is_submitted_with_the_signature_kept(
    client, draft, signed, certificate
):
    answer = submit(client, draft, with_signature(signed))
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] != "draft"
    kept = ApplicationSignature.objects.get(application=draft)
    assert (kept.method, kept.assurance, kept.valid, kept.problems) == ("eds", "eds", True, [])
    assert kept.signer_iin == draft.citizen.iin and "ТЕСТОВ" in kept.signer_name
    assert kept.certificate_serial == format(certificate.certificate.serial_number, "x")
    assert "TEST RSA" in kept.certificate_issuer
    assert kept.document.encode() == signing_request(draft).document
    assert kept.signed_xml.encode() == signed
    record = AuditRecord.objects.get(action="application.signed", object_id=str(draft.pk))
    assert record.details["method"] == "eds" and record.details["digest"] == kept.document_digest


def test_the_signed_document_and_the_signer_are_encrypted_at_rest(client, draft, signed):
    assert submit(client, draft, with_signature(signed)).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document, signed_xml, signer_iin, signer_name "
            "FROM applications_applicationsignature"
        )
        [row] = cursor.fetchall()
    assert all(draft.citizen.iin not in str(column) for column in row)
    assert all("ТЕСТОВ" not in str(column) for column in row)


def test_a_signature_by_someone_else_is_refused_and_the_refusal_audited(
    client, draft, eds_trust, demo_people
):
    stranger = eds_trust.pki.person(demo_people["pensioner"])
    xml = signed_by(eds_trust.pki, stranger, signing_request(draft).document)
    problem = refusal(client, draft, xml, language="ru")
    assert problem["code"] == "signing.not_applicant"
    assert "сертификатом другого человека" in problem["detail"]
    record = AuditRecord.objects.get(action="application.signature_refused")
    assert record.details == {"problem": "signing.not_applicant"}


def test_a_signature_of_altered_content_is_refused(client, draft, eds_trust, certificate):
    vin = draft.data["vehicle-registration"]["vin"].encode()
    altered = signing_request(draft).document.replace(vin, b"WVWZZZ1JZXW000001")
    problem = refusal(client, draft, signed_by(eds_trust.pki, certificate, altered))
    assert problem["code"] == "signing.other_document"


def test_a_signature_made_before_the_draft_changed_is_refused(client, draft, signed):
    save_draft(application=draft, citizen=draft.citizen, channel="api",
               data={"vehicle-registration": {"purchase_date": "2020-02-02"}})  # fmt: skip
    assert refusal(client, draft, signed)["code"] == "signing.other_document"


def test_a_signature_whose_certificate_is_revoked_is_refused(client, draft, eds_trust, applicant):
    revoked = eds_trust.pki.person(applicant.iin)
    eds_trust.pki.revoke(revoked)
    xml = signed_by(eds_trust.pki, revoked, signing_request(draft).document)
    problem = refusal(client, draft, xml)
    assert problem["code"] == "signature.certificate_revoked"


def test_a_signature_with_an_expired_or_foreign_certificate_is_refused(
    client, draft, eds_trust, applicant
):
    document = signing_request(draft).document
    expired = signed_by(eds_trust.pki, eds_trust.pki.expired(applicant.iin), document)
    assert refusal(client, draft, expired)["code"] == "signature.certificate_expired"
    foreign = eds_trust.pki.person(applicant.iin, foreign=True)
    xml = signed_by(eds_trust.pki, foreign, document)
    assert refusal(client, draft, xml)["code"] == "signature.untrusted_issuer"


def test_a_signature_made_with_the_applicants_sign_in_certificate_is_refused(
    client, draft, eds_trust, applicant
):
    # NCA RK gives each person two keys: AUTH_ to sign in (no nonRepudiation) and the signing
    # key. Whoever holds only the sign-in key must not make a legally binding application.
    sign_in_only = eds_trust.pki.person(applicant.iin, authentication=True)
    xml = signed_by(eds_trust.pki, sign_in_only, signing_request(draft).document)
    problem = refusal(client, draft, xml, language="ru")
    assert problem["code"] == "signing.authentication_certificate"
    assert "для входа" in problem["detail"]


def test_a_tampered_signature_is_refused(client, draft, signed):
    tampered = signed.replace(b"</application>", b"<extra/></application>", 1)
    assert refusal(client, draft, tampered)["code"] in (
        "signature.invalid",
        "signing.other_document",
    )


def test_the_portal_submits_a_draft_with_the_signed_xml_ncalayer_returned(client, draft, signed):
    client.force_login(draft.citizen)
    review = f"/applications/{draft.pk}/review/"
    answer = client.post(review, {"method": "eds", "signed_xml": signed.decode()})
    assert (
        answer.status_code == 302 and answer["Location"] == f"/applications/{draft.pk}/submitted/"
    )
    assert ApplicationSignature.objects.get(application=draft).method == "eds"


def test_the_portal_says_why_a_signature_was_refused_on_the_review_page(
    client, draft, eds_trust, demo_people
):
    stranger = eds_trust.pki.person(demo_people["pensioner"])
    xml = signed_by(eds_trust.pki, stranger, signing_request(draft).document)
    client.force_login(draft.citizen)
    page = client.post(f"/applications/{draft.pk}/review/", {"method": "eds",
                       "signed_xml": xml.decode()}, HTTP_ACCEPT_LANGUAGE="kk")  # fmt: skip
    assert page.status_code == 200
    assert "басқа адамның сертификатымен" in page.content.decode()


def test_a_life_situation_is_signed_once_for_all_its_services(client, applicant, eds_trust):
    from qyzmet.applications.services import start_application
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.registries.fields import find_person

    slugs = ("encumbrance-certificate", "property-rights-registration")  # sms and eds
    person = find_person(applicant.iin)
    draft = start_application(
        citizen=applicant, channel="api", life_situation="buying-property",
        answers={"will_live_there": False, "change_polyclinic": False},
        data={slug: sample_values(service_version(slug), person) for slug in slugs},
    )  # fmt: skip
    signing = signing_request(draft)
    assert signing.assurance == "eds"  # the highest of its services
    assert signing.document.count(b"<service ") == 2
    assert b'question="will_live_there">false<' in signing.document
    assert submit(client, draft, {"signature": {"sms_code": "123456"}}).json()["code"] == (
        "signing.eds_required"
    )
    xml = signed_by(eds_trust.pki, eds_trust.pki.person(applicant.iin), signing.document)
    answer = submit(client, draft, with_signature(xml))
    assert answer.status_code == 200, answer.content
    assert {c["service"] for c in answer.json()["cases"]} == set(slugs)
    assert ApplicationSignature.objects.filter(application=draft).count() == 1
