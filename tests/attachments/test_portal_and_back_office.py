"""The documents step of the portal and the case page of the back office, through HTTP."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qyzmet.applications.services import submit_application
from qyzmet.attachments.content_types import served_type
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.selectors import attachments_of
from qyzmet.catalog.schema import SCHEMA_DIR
from qyzmet.exchange.models import DataAccess
from tests.attachments.conftest import KIND, LICENCE, PROGRAM, a_pdf, require_certificate
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.counterparts.clamd import EICAR

pytestmark = pytest.mark.django_db
FIELD = f"file__{LICENCE}__{KIND}"


@pytest.fixture
def page(client, draft):
    client.force_login(draft.citizen)
    return f"/applications/{draft.pk}/attachments/"


def test_the_details_step_leads_to_the_documents_step(client, draft, page):
    client.force_login(draft.citizen)
    details = client.get(f"/applications/{draft.pk}/details/").content.decode()
    assert "Documents" in details  # a step of its own
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Медицинская справка (форма 083/у)" in shown
    assert 'type="file"' in shown and 'accept="application/pdf,image/jpeg,image/png"' in shown


def test_a_pdf_is_uploaded_and_the_review_follows(client, draft, page):
    response = client.post(page, {FIELD: SimpleUploadedFile("c.pdf", a_pdf())})
    assert response.status_code == 302
    assert response["Location"].endswith("/review/")
    [attachment] = attachments_of(draft)
    again = client.get(page).content.decode()
    assert "c.pdf" in again  # shown as attached, with a link to download it
    download = client.get(f"/applications/{draft.pk}/attachments/{attachment.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="medical_certificate.pdf"'
    assert download.content.startswith(b"%PDF")


def test_a_program_named_pdf_is_refused_on_the_page(client, draft, page):
    response = client.post(page, {FIELD: SimpleUploadedFile("c.pdf", PROGRAM)},
                           HTTP_ACCEPT_LANGUAGE="kk")  # fmt: skip
    assert response.status_code == 422
    text = response.content.decode()
    assert "файл рұқсат етілген түрде емес (PDF, JPEG, PNG)" in text
    assert 'aria-invalid="true"' in text
    assert not attachments_of(draft).exists()


def test_the_eicar_file_is_refused_on_the_page(clamd, client, draft, page):
    response = client.post(page, {FIELD: SimpleUploadedFile("c.pdf", EICAR)})
    assert response.status_code == 422
    assert "malware was found in the file, so it was not accepted" in response.content.decode()
    assert not attachments_of(draft).exists()


def test_a_required_document_missing_keeps_the_citizen_on_the_step(client, draft, page):
    require_certificate()
    response = client.post(page, {})
    assert response.status_code == 422
    assert "Medical certificate (form 083/u): upload the file." in response.content.decode()


def test_the_officer_downloads_the_file_and_the_tracker_shows_it(client, draft, page):
    client.post(page, {FIELD: SimpleUploadedFile("c.pdf", a_pdf())})
    application = submit_application(citizen=draft.citizen, channel="portal", application=draft)
    case = application.cases.get()
    [attachment] = attachments_of(draft)
    citizen_view = client.get("/data-tracker/").content.decode()
    assert "Documents you attached" not in citizen_view
    officer = officer_with_second_factor(case.agency.slug)
    client.logout()
    sign_in_as(client, officer)
    shown = client.get(f"/back-office/cases/{case.pk}/").content.decode()
    link = f"/back-office/cases/{case.pk}/attachments/{attachment.pk}/"
    assert "Attached documents" in shown and link in shown
    assert client.get(link).content.startswith(b"%PDF")
    assert DataAccess.objects.filter(registry="attachments", purpose_ref=str(case.pk)).count() == 1
    client.logout()
    client.force_login(draft.citizen)
    tracker = client.get("/data-tracker/").content.decode()
    assert "Documents you attached" in tracker and "Medical certificate (form 083/u)" in tracker


def test_an_officer_of_another_agency_cannot_download_it(client, draft, page):
    client.post(page, {FIELD: SimpleUploadedFile("c.pdf", a_pdf())})
    application = submit_application(citizen=draft.citizen, channel="portal", application=draft)
    case = application.cases.get()
    [attachment] = attachments_of(draft)
    client.logout()
    sign_in_as(client, officer_with_second_factor("health"))
    response = client.get(f"/back-office/cases/{case.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 403
    assert not DataAccess.objects.filter(registry="attachments").exists()


def test_a_request_larger_than_every_file_together_is_not_taken(client, draft, page):
    huge = SimpleUploadedFile("c.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024))
    response = client.post(page, {FIELD: huge})
    assert response.status_code == 413
    assert "The files are too large and were not taken" in response.content.decode()
    assert "at most 5 MB" in response.content.decode()  # each file's limit, on the page
    assert not attachments_of(draft).exists()


def test_a_type_off_the_allowed_list_is_served_as_bytes_to_save(client, draft, page):
    client.post(page, {FIELD: SimpleUploadedFile("c.pdf", a_pdf())})
    [attachment] = attachments_of(draft)
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    own = client.get(f"/applications/{draft.pk}/attachments/{attachment.pk}/")
    assert own["Content-Type"] == "application/octet-stream"
    application = submit_application(citizen=draft.citizen, channel="portal", application=draft)
    case = application.cases.get()
    client.logout()
    sign_in_as(client, officer_with_second_factor(case.agency.slug))
    officers = client.get(f"/back-office/cases/{case.pk}/attachments/{attachment.pk}/")
    assert officers["Content-Type"] == "application/octet-stream"
    assert officers.content.startswith(b"%PDF")


def test_every_type_the_catalogue_allows_is_served_as_itself():
    schema = json.loads((SCHEMA_DIR / "service.json").read_text(encoding="utf-8"))
    kinds = schema["$defs"]["attachment"]["properties"]["types"]["items"]["enum"]
    assert [served_type(t) for t in kinds] == kinds
