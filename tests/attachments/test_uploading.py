"""A citizen attaches the documents a service asks for: checked by content, not by name,
limited in size, kept encrypted; a required one missing stops the submission."""

from __future__ import annotations

import pytest
from django.db import connection

from qyzmet.applications.services import submit_application
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.selectors import attachments_of
from qyzmet.attachments.services import (
    AttachmentRefused,
    open_own_attachment,
    remove_attachment,
    upload_attachment,
)
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.core.messages import render
from tests.attachments.conftest import KIND, LICENCE, PROGRAM, a_pdf, require_certificate
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def upload(draft, content: bytes, *, filename: str = "certificate.pdf", citizen=None, kind=KIND):
    return upload_attachment(
        citizen=citizen or draft.citizen, application=draft, service=LICENCE, kind=kind,
        filename=filename, content=content, channel="portal",
    )  # fmt: skip


def test_a_pdf_is_kept_with_the_type_read_from_its_content(draft):
    pdf = a_pdf()
    attachment = upload(draft, pdf, filename="scan.jpeg")  # the name is not believed
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(pdf)
    assert open_own_attachment(application=draft, attachment_id=attachment.pk).content == pdf
    assert AuditRecord.objects.filter(action="attachment.uploaded").exists()


def test_the_file_and_its_name_are_encrypted_at_rest(draft):
    attachment = upload(draft, a_pdf(), filename="medical-certificate-Ivanov.pdf")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT filename, content FROM attachments_attachment WHERE id = %s",
            [attachment.pk.hex],
        )
        filename, content = cursor.fetchone()
    stored = bytes(content) if not isinstance(content, str) else content.encode()
    assert "Ivanov" not in filename
    assert b"%PDF" not in stored and b"JVBERi" not in stored  # neither raw nor Base64


def test_a_program_renamed_pdf_is_refused(draft):
    with pytest.raises(AttachmentRefused) as refused:
        upload(draft, PROGRAM, filename="certificate.pdf")
    assert refused.value.code == "attachment.wrong_type"
    message = render(refused.value.code, refused.value.params)
    assert message == (
        "Medical certificate (form 083/u): the file is not of an allowed type (PDF, JPEG, PNG). "
        "Its content is checked, not its name."
    )
    assert not Attachment.objects.exists()


def test_a_file_larger_than_the_catalogue_allows_is_refused(draft):
    too_large = a_pdf() + b"\n%" + b"x" * (5 * 1024 * 1024)
    with pytest.raises(AttachmentRefused) as refused:
        upload(draft, too_large)
    assert refused.value.code == "attachment.file_too_large"
    assert render(refused.value.code, refused.value.params, "ru") == (
        "Медицинская справка (форма 083/у): файл слишком большой, не более 5 МБ."
    )


def test_an_empty_file_is_refused(draft):
    with pytest.raises(AttachmentRefused) as refused:
        upload(draft, b"")
    assert refused.value.code == "attachment.file_missing"


def test_an_attachment_the_service_does_not_ask_for_is_refused(draft):
    with pytest.raises(Invalid) as refused:
        upload(draft, a_pdf(), kind="passport_photo")
    assert refused.value.code == "attachment.unknown_kind"


def test_a_new_upload_replaces_the_one_before(draft):
    upload(draft, a_pdf("first"))
    second = upload(draft, a_pdf("second"))
    assert list(attachments_of(draft)) == [second]


def test_another_citizens_draft_cannot_take_an_attachment(draft, demo_people):
    other = CitizenFactory(iin=demo_people["young_adult"])
    with pytest.raises(NotFound):
        upload(draft, a_pdf(), citizen=other)


def test_a_required_attachment_missing_stops_the_submission(draft):
    require_certificate()
    with pytest.raises(Invalid) as refused:
        submit_application(citizen=draft.citizen, channel="portal", application=draft)
    [problem] = refused.value.problems
    assert problem.field == f"attachments.{LICENCE}.{KIND}"
    assert render(problem.code, problem.params) == (
        "Medical certificate (form 083/u): upload the file."
    )
    upload(draft, a_pdf())
    submitted = submit_application(citizen=draft.citizen, channel="portal", application=draft)
    assert submitted.status != "draft"


def test_a_submitted_application_takes_no_more_attachments_and_keeps_its_own(draft):
    attachment = upload(draft, a_pdf())
    submit_application(citizen=draft.citizen, channel="portal", application=draft)
    draft.refresh_from_db()
    with pytest.raises(Conflict):
        upload(draft, a_pdf("later"))
    with pytest.raises(Conflict):
        remove_attachment(citizen=draft.citizen, application=draft, attachment_id=attachment.pk,
                          channel="portal")  # fmt: skip
    assert attachments_of(draft).count() == 1


def test_a_draft_attachment_can_be_removed(draft):
    attachment = upload(draft, a_pdf())
    remove_attachment(citizen=draft.citizen, application=draft, attachment_id=attachment.pk,
                      channel="portal")  # fmt: skip
    assert not attachments_of(draft).exists()
