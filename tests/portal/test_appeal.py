"""The citizen appeals a rejection from the application page: the form asks for reasons (none
is refused on the field) and takes documents (a file with malware, or not a PDF/JPEG/PNG by its
content, is refused with the reasons kept), a form sent twice files one appeal, and the page
shows it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.attachments.conftest import PROGRAM, a_pdf, clamd, clamd_address  # noqa: F401
from tests.counterparts.clamd import EICAR
from tests.factories import ApplicationFactory, CitizenFactory

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
