"""Through /api/v1, a citizen attaches a file to a draft: refused files say why with a precise
code; a scanner that cannot answer is a 503, never a 500, and nothing is kept unscanned."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qyzmet.attachments.models import Attachment
from tests.attachments.conftest import KIND, LICENCE, PROGRAM, a_pdf, require_certificate
from tests.callers import bearer
from tests.counterparts.clamd import EICAR
from tests.served import free_port

pytestmark = pytest.mark.django_db


def post(client, draft, content: bytes, **headers):
    return client.post(
        f"/api/v1/applications/{draft.pk}/attachments",
        {"service": LICENCE, "kind": KIND, "file": SimpleUploadedFile("c.pdf", content)},
        **bearer(draft.citizen), **headers,
    )  # fmt: skip


def test_the_service_says_what_to_attach(client):
    service = client.get(f"/api/v1/services/{LICENCE}").json()
    [wanted] = service["attachments"]
    assert wanted["id"] == KIND and wanted["types"] == ["application/pdf", "image/jpeg",
                                                        "image/png"]  # fmt: skip


def test_a_pdf_is_attached_listed_and_downloaded(client, draft):
    response = post(client, draft, a_pdf())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "application/pdf" and body["kind"] == KIND
    listed = client.get(f"/api/v1/applications/{draft.pk}/attachments", **bearer(draft.citizen))
    assert [a["id"] for a in listed.json()] == [body["id"]]
    content = client.get(
        f"/api/v1/applications/{draft.pk}/attachments/{body['id']}/content",
        **bearer(draft.citizen),
    )  # fmt: skip
    assert content["Content-Type"] == "application/pdf" and content.content.startswith(b"%PDF")


def test_a_program_named_pdf_is_a_422_with_its_code(client, draft):
    response = post(client, draft, PROGRAM, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "attachment.wrong_type"
    assert body["errors"][0]["field"] == "file"
    assert "не в разрешённом формате (PDF, JPEG, PNG)" in body["detail"]


def test_the_eicar_file_is_a_422_malware(clamd, client, draft):
    response = post(client, draft, EICAR)
    assert response.status_code == 422
    assert response.json()["code"] == "attachment.malware"


def test_a_clean_pdf_passes_clamd(clamd, client, draft):
    assert post(client, draft, a_pdf()).status_code == 201


def test_clamd_down_is_a_503_to_try_again_later(settings, client, draft):
    settings.ATTACHMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{free_port()}"
    response = post(client, draft, a_pdf())
    assert response.status_code == 503
    assert response.json()["code"] == "attachment.scanner_unavailable"
    listed = client.get(f"/api/v1/applications/{draft.pk}/attachments", **bearer(draft.citizen))
    assert listed.json() == []


def test_a_too_large_file_is_refused_before_it_is_read(client, draft):
    response = post(client, draft, b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
    assert response.status_code == 422
    assert response.json()["code"] == "attachment.file_too_large"


def test_submitting_without_a_required_attachment_names_it(client, draft):
    require_certificate()
    submit = f"/api/v1/applications/{draft.pk}/submit"
    response = client.post(submit, {}, content_type="application/json", **bearer(draft.citizen))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == f"attachments.{LICENCE}.{KIND}"
    assert error["code"] == "attachment.required"
    post(client, draft, a_pdf())
    submitted = client.post(submit, {}, content_type="application/json", **bearer(draft.citizen))
    assert submitted.status_code == 200


def test_a_file_is_taken_off_a_draft(client, draft):
    attachment = post(client, draft, a_pdf()).json()
    url = f"/api/v1/applications/{draft.pk}/attachments/{attachment['id']}"
    assert client.delete(url, **bearer(draft.citizen)).status_code == 204
    assert client.get(f"{url}/content", **bearer(draft.citizen)).status_code == 404


def test_an_upload_with_an_idempotency_key_is_attached_once(client, draft):
    pdf = a_pdf()
    first = post(client, draft, pdf, HTTP_IDEMPOTENCY_KEY="certificate-1")
    assert first.status_code == 201, first.content
    again = post(client, draft, pdf, HTTP_IDEMPOTENCY_KEY="certificate-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    other = post(client, draft, a_pdf("another"), HTTP_IDEMPOTENCY_KEY="certificate-1")
    assert other.status_code == 409  # the same key for another file
    listed = client.get(f"/api/v1/applications/{draft.pk}/attachments", **bearer(draft.citizen))
    assert [a["id"] for a in listed.json()] == [first.json()["id"]]


def test_a_type_off_the_allowed_list_is_served_as_bytes(client, draft):
    body = post(client, draft, a_pdf()).json()
    Attachment.objects.filter(pk=body["id"]).update(content_type="text/html")
    content = client.get(
        f"/api/v1/applications/{draft.pk}/attachments/{body['id']}/content",
        **bearer(draft.citizen),
    )  # fmt: skip
    assert content["Content-Type"] == "application/octet-stream"
    assert content["Content-Disposition"] == 'attachment; filename="medical_certificate.bin"'
