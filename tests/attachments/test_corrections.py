"""An officer sends a case back naming documents to replace or add; the citizen uploads them
anew (portal, /api/v1, GovStack) and resubmits; a correction without them is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qyzmet.applications.corrections import resubmit_correction, send_back
from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import submit_application
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.services import upload_attachment
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Conflict, Invalid
from tests.attachments.conftest import KIND, LICENCE, PROGRAM, a_pdf, draft_for_licence
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.callers import bearer
from tests.factories import officer_of

pytestmark = pytest.mark.django_db
MESSAGE = "Справка нечитаема: загрузите чёткий скан."


@pytest.fixture
def case(pensioner):
    """The pensioner's licence case (no duty to pay), with a certificate attached, sent back
    naming the certificate; the licence gives a term to correct for this test."""
    version = service_version(LICENCE)
    version.definition["correction"] = {"term_days": 10, "on_expiry": "withdraw"}
    version.save(update_fields=["definition"])
    draft = draft_for_licence(pensioner)
    upload_attachment(citizen=pensioner, application=draft, service=LICENCE, kind=KIND,
                      filename="old.pdf", content=a_pdf("blurred"), channel="portal")  # fmt: skip
    application = submit_application(citizen=pensioner, channel="portal", application=draft)
    case = application.cases.get()
    correction = send_back(case=case, officer=officer_of(case.agency), fields=[],
                           documents=[KIND], message=MESSAGE, channel="backoffice")  # fmt: skip
    assert correction.items == [{"kind": "document", "name": KIND}]
    return case


def test_an_officer_names_only_documents_the_service_asks_for(pensioner):
    version = service_version(LICENCE)
    version.definition["correction"] = {"term_days": 10, "on_expiry": "withdraw"}
    version.save(update_fields=["definition"])
    draft = draft_for_licence(pensioner)
    case = submit_application(citizen=pensioner, channel="portal", application=draft).cases.get()
    with pytest.raises(Invalid) as refused:
        send_back(case=case, officer=officer_of(case.agency), fields=[], documents=["photo"],
                  message=MESSAGE, channel="backoffice")  # fmt: skip
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("documents", "correction.unknown_document")
    ]
    with pytest.raises(Invalid) as empty:
        send_back(case=case, officer=officer_of(case.agency), fields=[], documents=[],
                  message=MESSAGE, channel="backoffice")  # fmt: skip
    assert empty.value.problems[0].code == "correction.fields_required"


def test_a_correction_without_the_new_document_is_refused_and_with_it_goes_through(case, pensioner):
    with pytest.raises(Invalid) as refused:
        resubmit_correction(case=case, citizen=pensioner, data={}, channel="portal")
    assert [(p.field, p.code) for p in refused.value.problems] == [
        (f"attachments.{LICENCE}.{KIND}", "correction.document_required")
    ]
    upload_attachment(
        citizen=pensioner, application=case.application, service=LICENCE, kind=KIND,
        filename="new.pdf", content=a_pdf("sharp"), channel="portal",
    )  # fmt: skip
    corrected = resubmit_correction(case=case, citizen=pensioner, data={}, channel="portal")
    assert corrected.status == CaseStatus.CORRECTED
    attachment = Attachment.objects.get(application=case.application)
    assert attachment.filename == "new.pdf"  # the new file replaced the old one
    assert corrected.corrections.get().changed == [KIND]


def test_a_submitted_application_takes_no_other_upload(case, pensioner):
    version = service_version(LICENCE)
    version.definition["attachments"].append({**version.attachments[0], "id": "photo"})
    version.save(update_fields=["definition"])
    with pytest.raises(Conflict):
        upload_attachment(
            citizen=pensioner, application=case.application, service=LICENCE, kind="photo",
            filename="p.pdf", content=a_pdf(), channel="portal",
        )  # fmt: skip
    resubmit_correction_done(case, pensioner)
    with pytest.raises(Conflict):  # corrected: nothing more to replace
        upload_attachment(
            citizen=pensioner, application=case.application, service=LICENCE, kind=KIND,
            filename="n.pdf", content=a_pdf(), channel="portal",
        )  # fmt: skip


def resubmit_correction_done(case, citizen):
    upload_attachment(citizen=citizen, application=case.application, service=LICENCE,
                      kind=KIND, filename="new.pdf", content=a_pdf(), channel="portal")  # fmt: skip
    resubmit_correction(case=case, citizen=citizen, data={}, channel="portal")


def portal_url(case):
    return f"/applications/{case.application_id}/cases/{case.pk}/correction/"


def test_on_the_portal_the_citizen_uploads_the_document_anew_and_resubmits(client, case):
    client.force_login(case.application.citizen)
    page = client.get(portal_url(case)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'name="file__{LICENCE}__{KIND}"' in page and "old.pdf" in page

    missing = client.post(portal_url(case), {})
    assert missing.status_code == 400
    assert "upload a new file, as the agency asked" in missing.content.decode()

    wrong = client.post(portal_url(case), {f"file__{LICENCE}__{KIND}": SimpleUploadedFile(
        "c.pdf", PROGRAM)})  # fmt: skip
    assert wrong.status_code == 400
    assert 'aria-invalid="true"' in wrong.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_BACK

    done = client.post(portal_url(case), {f"file__{LICENCE}__{KIND}": SimpleUploadedFile(
        "new.pdf", a_pdf("sharp"))})  # fmt: skip
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED
    assert Attachment.objects.get(application=case.application).filename == "new.pdf"


def test_through_the_api_the_document_is_uploaded_then_the_correction_sent(client, case):
    auth = bearer(case.application.citizen)
    application = case.application_id
    detail = client.get(f"/api/v1/applications/{application}", **auth).json()
    items = [c["correction"]["items"] for c in detail["cases"]]
    assert items == [[{"kind": "document", "name": KIND}]]
    refused = client.post(
        f"/api/v1/applications/{application}/cases/{case.pk}/correction", {"data": {}},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert refused.status_code == 422
    uploaded = client.post(
        f"/api/v1/applications/{application}/attachments",
        {"service": LICENCE, "kind": KIND, "file": SimpleUploadedFile("n.pdf", a_pdf())}, **auth,
    )  # fmt: skip
    assert uploaded.status_code == 201
    done = client.post(
        f"/api/v1/applications/{application}/cases/{case.pk}/correction", {},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert done.status_code == 200, done.json()
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED


def test_through_govstack_the_new_document_is_named_in_the_update(client, case):
    auth = bearer(case.application.citizen)
    headers = {"HTTP_INFORMATION_MEDIATOR_CLIENT": "eGovStack/GOV/90000009/digitalregistries"}
    held = client.post(
        f"/govstack/registration/documents?additionalMetadata={LICENCE}/{KIND}",
        {"file": SimpleUploadedFile("n.pdf", a_pdf("sharp"))}, **auth, **headers,
    )  # fmt: skip
    assert held.status_code == 200
    body = {"applicantId": case.application.citizen.iin, "documentUrls": [held.json()["url"]]}
    response = client.put(
        f"/govstack/registration/applications/{case.application_id}", body,
        content_type="application/json", **auth, **headers,
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["applicationData"]["documentUrls"] == [held.json()["url"]]
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED


def test_in_the_back_office_the_checklist_offers_the_documents(client, pensioner, settings):
    version = service_version(LICENCE)
    version.definition["correction"] = {"term_days": 10, "on_expiry": "withdraw"}
    version.save(update_fields=["definition"])
    draft = draft_for_licence(pensioner)
    case = submit_application(citizen=pensioner, channel="portal", application=draft).cases.get()
    sign_in_as(client, officer_with_second_factor(case.agency.slug))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/back-office/cases/{case.pk}/").content.decode()
    assert f'value="document:{KIND}"' in page
    assert "Document: Medical certificate (form 083/u)" in page
    sent = client.post(
        f"/back-office/cases/{case.pk}/send-back/",
        {"correction-fields_to_change": [f"document:{KIND}"], "correction-message": MESSAGE,
         "confirm": "yes"},
    )  # fmt: skip
    assert sent.status_code == 302
    assert case.corrections.get().items == [{"kind": "document", "name": KIND}]


def test_a_document_the_agency_did_not_ask_for_is_not_replaced_through_govstack(pensioner):
    # A send-back naming a field only: a held document given with the correction (GovStack's
    # documentUrls) would silently replace the certificate the officer reviewed.
    from qyzmet.attachments.services import hold_document

    version = service_version(LICENCE)
    version.definition["correction"] = {"term_days": 10, "on_expiry": "withdraw"}
    version.save(update_fields=["definition"])
    draft = draft_for_licence(pensioner)
    upload_attachment(
        citizen=pensioner, application=draft, service=LICENCE, kind=KIND,
        filename="reviewed.pdf", content=a_pdf("reviewed"), channel="portal",
    )  # fmt: skip
    case = submit_application(citizen=pensioner, channel="portal", application=draft).cases.get()
    send_back(case=case, officer=officer_of(case.agency), fields=["medical_certificate_number"],
              message=MESSAGE, channel="backoffice")  # fmt: skip
    other = hold_document(citizen=pensioner, service=LICENCE, kind=KIND, filename="other.pdf",
                          content=a_pdf("other"), channel="govstack")  # fmt: skip

    with pytest.raises(Invalid) as refused:
        resubmit_correction(
            case=case, citizen=pensioner, data={"medical_certificate_number": "083-123456"},
            channel="govstack", documents=[str(other.pk)],
        )  # fmt: skip

    assert (f"attachments.{LICENCE}.{KIND}", "correction.document_not_requested") in [
        (p.field, p.code) for p in refused.value.problems
    ]
    kept = Attachment.objects.get(application=case.application)
    assert kept.filename == "reviewed.pdf"
