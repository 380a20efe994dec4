"""A citizen downloads the result document of an approved case; anyone checks a document on
the public verify page, by its number or by uploading the PDF, in their language."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import issue_result_document, revoke_document
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def document_url(application) -> str:
    case = application.cases.get()
    return f"/applications/{application.pk}/cases/{case.pk}/document.pdf"


@pytest.fixture
def approved(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    return ApplicationFactory(citizen=citizen, service="passport", approved=True)


def test_the_citizen_downloads_the_signed_pdf_of_an_approved_case(client, approved):
    client.force_login(approved.citizen)

    page = client.get(f"/applications/{approved.pk}/").content.decode()
    response = client.get(document_url(approved))

    assert document_url(approved) in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    document = ResultDocument.objects.get(case__application=approved)
    assert response.content == bytes(document.pdf)
    assert client.get(document_url(approved)).content == response.content  # one document


def test_nobody_else_downloads_it(client, approved, demo_people):
    assert client.get(document_url(approved)).status_code == 302  # to the sign-in page
    client.force_login(CitizenFactory(iin=demo_people["pensioner"]))
    assert client.get(document_url(approved)).status_code == 404


def test_a_case_not_approved_has_no_document_to_download(client):
    application = ApplicationFactory(service="passport", submitted=True)
    client.force_login(application.citizen)
    assert client.get(document_url(application)).status_code == 404


def test_the_verify_page_confirms_a_document_by_its_number(client, approved):
    document = issue_result_document(case=approved.cases.get())
    html = client.get(f"/verify/{document.pk}/").content.decode()
    assert "Authentic document" in html
    assert document.content["holder_name"] in html
    iin = document.content["holder_iin"]
    assert iin not in html and iin[4:10] not in html  # the day of birth and serial hidden
    assert f"{iin[:4]}******{iin[-2:]}" in html


def test_the_verify_page_speaks_the_visitors_language(client, approved):
    document = issue_result_document(case=approved.cases.get())
    html = client.get(f"/verify/{document.pk}/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Құжат түпнұсқа" in html


def test_an_unknown_number_is_not_found(client):
    response = client.get("/verify/AAAA-BBBB-CCCC-DDDD/")
    assert response.status_code == 404
    assert "No document with this number was issued." in response.content.decode()


def test_a_revoked_document_shows_the_ground_not_the_officers_reason(client, approved):
    document = issue_result_document(case=approved.cases.get())
    reason = "The applicant's neighbour Aigerim Sadykova proved the address was false."
    revoke_document(document=document, ground="new_facts", reason=reason, actor=None, channel="cli")
    html = client.get(f"/verify/{document.pk}/").content.decode()
    assert "has been revoked" in html and "New facts" in html
    assert "Sadykova" not in html and "neighbour" not in html
    russian = client.get(f"/verify/{document.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Вновь открывшиеся обстоятельства" in russian


def test_a_revoked_pdf_checked_by_upload_shows_the_ground_only(client, approved):
    document = issue_result_document(case=approved.cases.get())
    revoke_document(
        document=document, ground="court_ruling", reason="Case 2-1234/2026 of Aigerim Sadykova",
        actor=None, channel="cli",
    )  # fmt: skip
    html = client.post("/verify/", upload(bytes(document.pdf))).content.decode()
    assert "Court ruling" in html and "Sadykova" not in html


def upload(data: bytes) -> dict:
    return {"file": SimpleUploadedFile("document.pdf", data, content_type="application/pdf")}


def test_an_uploaded_pdf_is_checked_byte_for_byte(client, approved):
    document = issue_result_document(case=approved.cases.get())
    authentic = client.post("/verify/", upload(bytes(document.pdf))).content.decode()
    changed = bytearray(document.pdf)
    changed[len(changed) // 3] ^= 0x20
    altered = client.post("/verify/", upload(bytes(changed))).content.decode()
    assert "Authentic document" in authentic
    assert "Not a valid document" in altered


def test_a_missing_or_oversized_file_gets_a_clear_error(client, settings):
    missing = client.post("/verify/", {})
    settings.DOCUMENT_UPLOAD_MAX_MB = 0
    oversized = client.post("/verify/", upload(b"%PDF" + b"0" * 200_000))
    assert missing.status_code == 400
    assert "Choose the PDF file to check." in missing.content.decode()
    assert oversized.status_code == 413
    assert "The file is too large" in oversized.content.decode()


def test_the_published_keys_let_anyone_check_offline(client, approved):
    issue_result_document(case=approved.cases.get())
    keys = client.get("/verify/keys.json").json()["keys"]
    agency = approved.cases.get().agency.slug  # other agencies sign exchange requests
    signer = next(key for key in keys if key.get("agency") == agency)
    assert {"kty": "OKP", "crv": "Ed25519"}.items() <= signer.items()
