"""The citizen appeals a rejection from the application page: the form asks for reasons (none
is refused on the field) and takes documents (a file with malware, or not a PDF/JPEG/PNG by its
content, is refused with the reasons kept), a form sent twice files one appeal, and the page
shows it, with a link to download back each document attached (404 for anyone else, a page
saying so once retention deleted it)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeal_attachments import delete_expired_appeal_attachments
from qyzmet.casework.appeals import decide_appeal, file_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.exchange.models import DataAccess
from tests.attachments.conftest import PROGRAM, a_pdf, clamd, clamd_address  # noqa: F401
from tests.counterparts.clamd import EICAR
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return ApplicationFactory(citizen=CitizenFactory(language="en"), rejected=True).cases.get()


def url(case):
    return f"/applications/{case.application_id}/cases/{case.pk}/appeal/"


def test_the_citizen_appeals_with_reasons_and_sees_the_appeal(client, case, settings):
    client.force_login(case.application.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/applications/{case.application_id}/").content.decode()
    assert "Appeal this decision" in page and url(case) in page

    empty = client.post(url(case), {"reasons": " "})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.content.decode()
    assert "Write why you appeal" in empty.content.decode()

    sent = client.post(url(case), {"reasons": "My documents were complete."})
    twice = client.post(url(case), {"reasons": "My documents were complete."})
    assert sent.status_code == 302 and twice.status_code == 302
    assert case.appeals.count() == 1
    shown = client.get(f"/applications/{case.application_id}/").content.decode()
    assert "My documents were complete." in shown and "being decided" in shown
    assert "Appeal this decision" not in shown


def test_another_citizen_finds_nothing(client, case):
    client.force_login(CitizenFactory(iin="900101300123"))
    assert client.get(url(case)).status_code == 404


def test_the_citizen_attaches_a_document_to_the_appeal(client, case):
    client.force_login(case.application.citizen)
    form = client.get(url(case)).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="files"' in form

    sent = client.post(url(case), {"reasons": "See the certificate.",
                                   "files": [SimpleUploadedFile("c.pdf", a_pdf())]})  # fmt: skip

    assert sent.status_code == 302
    [attachment] = case.appeals.get().attachments.all()
    assert attachment.content_type == "application/pdf"
    shown = client.get(f"/applications/{case.application_id}/").content.decode()
    assert "1 document attached." in shown


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("kk", "файлда зиянды бағдарлама табылды, ол қабылданбады"),
        ("ru", "в файле найдена вредоносная программа, он не принят"),
        ("en", "malware was found in the file, so it was not accepted"),
    ],
)
@pytest.mark.usefixtures("clamd")
def test_an_eicar_file_is_refused_with_a_clear_message_and_the_reasons_kept(
    client, case, settings, language, says
):
    client.force_login(case.application.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    refused = client.post(url(case), {"reasons": "See the certificate.",
                                      "files": [SimpleUploadedFile("c.pdf", EICAR)]})  # fmt: skip

    assert refused.status_code == 400
    text = refused.content.decode()
    assert says in text and 'aria-invalid="true"' in text
    assert "See the certificate." in text  # the reasons are kept
    assert not case.appeals.exists()


def test_a_program_named_pdf_is_refused_on_the_form(client, case):
    client.force_login(case.application.citizen)
    refused = client.post(url(case), {"reasons": "See the certificate.",
                                      "files": [SimpleUploadedFile("c.pdf", PROGRAM)]})  # fmt: skip
    assert refused.status_code == 400 and "not of an allowed type" in refused.content.decode()
    assert not case.appeals.exists()


def appealed_with(case, *names):
    """The citizen's appeal of ``case`` with a PDF of each of ``names``: the appeal."""
    return file_appeal(case=case, citizen=case.application.citizen, reasons="See the copies.",
                       channel="portal", attachments=[(n, a_pdf(n)) for n in names])  # fmt: skip


def test_the_application_page_links_each_appeal_document_to_download_it_back(client, case):
    appeal = appealed_with(case, "certificate.pdf", "photo.pdf")
    first, second = appeal.attachments.all()
    client.force_login(case.application.citizen)

    shown = client.get(f"/applications/{case.application_id}/").content.decode()

    link = f"/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk}/attachments/"
    assert f'href="{link}{first.pk}/" download>certificate.pdf</a>' in shown
    assert f'href="{link}{second.pk}/" download>photo.pdf</a>' in shown
    assert f"(PDF, {filesizeformat(first.size)})" in shown
    got = client.get(f"{link}{first.pk}/")
    assert got.status_code == 200 and bytes(got.content) == bytes(first.content)
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == f'attachment; filename="appeal-{appeal.pk}.pdf"'
    assert (
        got["Cache-Control"] == "private, no-store" and got["X-Content-Type-Options"] == "nosniff"
    )
    assert AuditRecord.objects.filter(action="appeal.attachment_downloaded").count() == 1
    assert not DataAccess.objects.filter(registry="attachments").exists()


def test_another_citizen_or_an_unknown_document_is_not_found(client, case):
    appeal = appealed_with(case, "certificate.pdf")
    [document] = appeal.attachments.all()
    link = f"/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk}/attachments/"

    client.force_login(CitizenFactory(iin="900101300123"))
    assert client.get(f"{link}{document.pk}/").status_code == 404
    client.force_login(case.application.citizen)
    assert client.get(f"{link}{uuid.uuid4()}/").status_code == 404
    other = f"/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk + 1}/"
    assert client.get(f"{other}attachments/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("language", "title", "says"),
    [
        ("kk", "Құжат жойылды", "Файл сақтау мерзімі өткеннен кейін жойылды."),
        ("ru", "Документ удалён", "Файл удалён по истечении срока хранения."),
        ("en", "The document was deleted", "The file was deleted when its retention period ended."),
    ],
)
def test_a_document_deleted_after_its_retention_period_says_so(
    client, case, settings, language, title, says
):
    appeal = appealed_with(case, "certificate.pdf")
    [document] = appeal.attachments.all()
    officer = OfficerFactory(agency=case.agency, username="appeals-of-the-agency")
    grant_role(officer=officer, role="appeals")
    decide_appeal(appeal=appeal, officer=officer, outcome="dismissed",
                  reason="The decision stands.", channel="backoffice")  # fmt: skip
    later = timezone.now() + datetime.timedelta(days=settings.ATTACHMENT_KEEP_DAYS + 1)
    delete_expired_appeal_attachments(now=later)
    client.force_login(case.application.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    link = f"/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk}/attachments/"

    gone = client.get(f"{link}{document.pk}/")

    assert gone.status_code == 404
    assert title in gone.content.decode() and says in gone.content.decode()
    shown = client.get(f"/applications/{case.application_id}/").content.decode()
    assert f"{link}{document.pk}/" not in shown  # no link to what is gone
