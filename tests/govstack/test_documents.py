"""A citizen uploads a document a service asks for through GovStack (``POST /documents``) and
names it when submitting the application file (``documentUrls``): checked by its content,
scanned and kept encrypted, like every attachment."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qyzmet.applications.models import Application
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.retention import delete_expired_attachments
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.attachments.conftest import KIND, LICENCE, PROGRAM, a_pdf, require_certificate
from tests.factories import CitizenFactory
from tests.govstack.conftest import CLIENT, ROOT, Caller, assert_conforms, bearer

pytestmark = pytest.mark.django_db
WHAT = f"{LICENCE}/{KIND}"


@pytest.fixture
def pensioner(demo_people):
    return CitizenFactory(iin=demo_people["pensioner"])


@pytest.fixture
def as_pensioner(client, pensioner) -> Caller:
    return Caller(client, bearer(pensioner))


def upload(caller: Caller, file, *, what: str | None = WHAT, language: str = "en"):
    path = f"{ROOT}/documents" + (f"?additionalMetadata={what}" if what is not None else "")
    return caller.client.post(
        path, {"file": file}, HTTP_INFORMATION_MEDIATOR_CLIENT=CLIENT,
        HTTP_ACCEPT_LANGUAGE=language, **caller.auth,
    )  # fmt: skip


def licence_file(citizen, documents):
    values = sample_values(service_version(LICENCE), find_person(citizen.iin))
    return {
        "applicantId": citizen.iin,
        "formData": {"data": {LICENCE: values}},
        "documentUrls": documents,
    }


def test_an_uploaded_document_is_attached_to_the_file_that_names_it(as_pensioner, pensioner):
    uploaded = upload(as_pensioner, SimpleUploadedFile("certificate.pdf", a_pdf()))
    assert uploaded.status_code == 200
    assert_conforms(uploaded.json(), "/documents", "post", 200)
    assert uploaded.json()["type"] == "application/pdf"
    document = uploaded.json()["url"]
    held = Attachment.objects.get(pk=document)
    assert held.application is None and held.uploaded_by == pensioner

    response = as_pensioner(
        "POST", f"/services/{LICENCE}/applications", licence_file(pensioner, [document])
    )
    assert response.status_code == 200, response.json()
    assert response.json()["applicationData"]["documentUrls"] == [document]
    application = Application.objects.get(pk=response.json()["fileId"])
    attachment = application.attachments.get()
    assert (attachment.pk, attachment.kind) == (held.pk, KIND)
    assert bytes(attachment.content).startswith(b"%PDF")
    assert AuditRecord.objects.filter(action="attachment.bound", object_id=str(held.pk)).exists()


def test_the_file_may_come_as_base64_as_the_specification_types_it(as_pensioner):
    uploaded = upload(as_pensioner, base64.b64encode(a_pdf()).decode())
    assert uploaded.status_code == 200
    assert Attachment.objects.get(pk=uploaded.json()["url"]).content_type == "application/pdf"


def test_a_program_named_pdf_is_refused_as_a_failed_upload_in_the_callers_language(as_pensioner):
    response = upload(as_pensioner, SimpleUploadedFile("c.pdf", PROGRAM), language="ru")
    assert response.status_code == 400
    assert_conforms(response.json(), "/documents", "post", 400)
    assert response.json()["code"] == "attachment.wrong_type"
    assert response.json()["errors"][0]["field"] == "file"
    assert "PDF" in response.json()["errors"][0]["message"]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("what", "file", "code"),
    [
        (None, "certificate", "govstack.document_metadata"),
        ("passport", "certificate", "govstack.document_metadata"),
        (f"{LICENCE}/photo", "certificate", "attachment.unknown_kind"),
        ("no-such-service/x", "certificate", "attachment.unknown_kind"),
        (WHAT, "not base64!", "govstack.document_not_base64"),
    ],
)
def test_what_cannot_be_taken_is_a_failed_upload_saying_why(as_pensioner, what, file, code):
    sent = SimpleUploadedFile("c.pdf", a_pdf()) if file == "certificate" else file
    response = upload(as_pensioner, sent, what=what)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert_conforms(response.json(), "/documents", "post", 400)
    assert not Attachment.objects.exists()


def test_nobody_signed_in_uploads_nothing(client):
    response = upload(Caller(client), SimpleUploadedFile("c.pdf", a_pdf()))
    assert response.status_code == 401
    assert not Attachment.objects.exists()


def test_a_required_document_missing_refuses_the_file_and_naming_it_lets_it_through(
    as_pensioner, pensioner
):
    require_certificate()
    refused = as_pensioner("POST", f"/services/{LICENCE}/applications", licence_file(pensioner, []))
    assert refused.status_code == 422
    fields = {e["field"]: e["code"] for e in refused.json()["errors"]}
    assert fields == {f"documentUrls.{LICENCE}.{KIND}": "attachment.required"}
    document = upload(as_pensioner, SimpleUploadedFile("c.pdf", a_pdf())).json()["url"]
    response = as_pensioner(
        "POST", f"/services/{LICENCE}/applications", licence_file(pensioner, [document])
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=response.json()["fileId"]).attachments.count() == 1


def test_somebody_elses_document_or_one_named_twice_is_refused(
    as_pensioner, pensioner, client, demo_people
):
    other = CitizenFactory(iin=demo_people["young_adult"])
    theirs = upload(Caller(client, bearer(other)), SimpleUploadedFile("c.pdf", a_pdf()))
    mine = upload(as_pensioner, SimpleUploadedFile("c.pdf", a_pdf())).json()["url"]
    body = licence_file(pensioner, [theirs.json()["url"], mine, mine])
    response = as_pensioner("POST", f"/services/{LICENCE}/applications", body)
    assert response.status_code == 422
    fields = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert fields == {
        "documentUrls.0": "attachment.unknown_document",
        "documentUrls.2": "attachment.document_twice",
    }
    assert not Application.objects.filter(citizen=pensioner).exists()
    assert Attachment.objects.filter(application__isnull=True).count() == 2


def test_a_bound_document_cannot_be_named_again(as_pensioner, pensioner):
    document = upload(as_pensioner, SimpleUploadedFile("c.pdf", a_pdf())).json()["url"]
    first = as_pensioner(
        "POST", f"/services/{LICENCE}/applications", licence_file(pensioner, [document])
    )
    assert first.status_code == 200
    again = as_pensioner(
        "POST", f"/services/{LICENCE}/applications", licence_file(pensioner, [document])
    )
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "documentUrls.0"


def test_a_document_never_named_is_deleted_after_the_hours_it_is_held(as_pensioner, settings):
    settings.ATTACHMENT_HELD_HOURS = 24
    document = upload(as_pensioner, SimpleUploadedFile("c.pdf", a_pdf())).json()["url"]
    assert delete_expired_attachments(now=timezone.now() + datetime.timedelta(hours=23)) == 0
    assert Attachment.objects.filter(pk=document).exists()
    assert delete_expired_attachments(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert not Attachment.objects.filter(pk=document).exists()
    assert AuditRecord.objects.filter(action="attachment.unclaimed_deleted").count() == 1


def test_a_twin_request_under_the_same_key_is_answered_as_the_first_not_refused(
    as_pensioner, pensioner, monkeypatch
):
    from qyzmet.applications import services

    uploaded = upload(as_pensioner, SimpleUploadedFile("certificate.pdf", a_pdf()))
    document = uploaded.json()["url"]
    values = {LICENCE: sample_values(service_version(LICENCE), find_person(pensioner.iin))}
    request = {"citizen": pensioner, "channel": "govstack", "service": LICENCE, "data": values,
               "documents": [document], "idempotency_key": "twin"}  # fmt: skip
    as_checked = list(Attachment.objects.filter(pk=document))  # held, not yet bound
    first = services.submit_application(**request)

    # the twin checked the key and its document before the first committed, found them free
    monkeypatch.setattr(services, "held_documents", lambda **checked: as_checked)
    twin = services.submit_application(**request, key_claimed=True)

    assert twin.pk == first.pk
    assert Application.objects.filter(citizen=pensioner).count() == 1
