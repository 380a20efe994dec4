"""A citizen attaches documents to an appeal: checked as an application's attachments are
(content type, size, malware), kept encrypted, limited in number and size per appeal, opened
only by the officers who decide the appeal (each opening in the citizen's data tracker), and
deleted when their retention term ends."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from qyzmet.attachments.scanners import Scanner, Verdict
from qyzmet.attachments.services import AttachmentRefused
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeal_attachments import (
    attach_to_appeal,
    delete_expired_appeal_attachments,
    open_appeal_attachment,
)
from qyzmet.casework.appeal_models import Appeal, AppealAttachment
from qyzmet.casework.appeals import appeal_of, decide_appeal, file_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.exchange.models import DataAccess
from tests.attachments.conftest import PROGRAM, a_pdf
from tests.concurrency import together
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db

REASONS = "The certificate was valid; see the attached copy."


class FindsMalware(Scanner):
    name = "finds-malware"

    def scan(self, content: bytes) -> Verdict:
        return Verdict(clean=False, found="Test.Signature")


def decided_case() -> Any:
    return ApplicationFactory(citizen=CitizenFactory(language="en"), rejected=True).cases.get()


def appeals_officer(agency: Any) -> Any:
    officer = OfficerFactory(agency=agency, username=f"appeals-{agency.slug}")
    grant_role(officer=officer, role="appeals")
    return officer


def appeal_with(case: Any, files: list[tuple[str, bytes]], **kwargs: Any) -> Appeal:
    return file_appeal(case=case, citizen=case.application.citizen, reasons=REASONS,
                       channel="portal", attachments=files, **kwargs)  # fmt: skip


def test_a_pdf_attached_to_an_appeal_is_kept_encrypted():
    case = decided_case()

    appeal = appeal_with(case, [("certificate.pdf", a_pdf())])

    [attachment] = appeal.attachments.all()
    assert attachment.content_type == "application/pdf" and attachment.filename == "certificate.pdf"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content FROM {AppealAttachment._meta.db_table}")
        [(stored,)] = cursor.fetchall()
    kept = bytes(stored) if isinstance(stored, bytes | memoryview) else str(stored).encode()
    assert b"%PDF" not in kept and b"JVBER" not in kept  # encrypted at rest, not base64
    assert AuditRecord.objects.filter(action="appeal.attachment_added").count() == 1


def test_malware_refuses_the_whole_appeal_and_is_audited():
    case = decided_case()

    with pytest.raises(AttachmentRefused) as refused:
        appeal_with(case, [("c.pdf", a_pdf())], scanner=FindsMalware())

    assert refused.value.code == "attachment.malware"
    assert not case.appeals.exists()  # nothing filed: the citizen sends it again
    assert AuditRecord.objects.filter(action="attachment.malware_refused").exists()


def test_a_program_named_pdf_is_refused_by_its_content():
    case = decided_case()
    with pytest.raises(AttachmentRefused) as refused:
        appeal_with(case, [("c.pdf", PROGRAM)])
    assert refused.value.code == "attachment.wrong_type"


def test_the_number_and_the_size_of_documents_per_appeal_are_limited(settings):
    settings.APPEAL_ATTACHMENTS_MAX = 2
    case = decided_case()
    with pytest.raises(AttachmentRefused) as many:
        appeal_with(case, [("a.pdf", a_pdf()), ("b.pdf", a_pdf()), ("c.pdf", a_pdf())])
    assert many.value.code == "attachment.too_many"

    settings.APPEAL_ATTACHMENTS_MAX_MB = 1
    big = a_pdf() + b"0" * (1024 * 1024)
    with pytest.raises(AttachmentRefused) as large:
        appeal_with(case, [("big.pdf", big)])
    assert large.value.code == "appeal.attachments_too_large"

    appeal = appeal_with(case, [("a.pdf", a_pdf())])
    attach_to_appeal(appeal_id=appeal.pk, case=case, citizen=case.application.citizen,
                     filename="b.pdf", content=a_pdf(), channel="api")  # fmt: skip
    with pytest.raises(AttachmentRefused):  # the two it has count
        attach_to_appeal(appeal_id=appeal.pk, case=case, citizen=case.application.citizen,
                         filename="c.pdf", content=a_pdf(), channel="api")  # fmt: skip


def test_documents_are_added_only_to_the_citizens_own_open_appeal():
    case = decided_case()
    appeal = appeal_with(case, [])
    stranger = CitizenFactory(iin="900101300123")
    with pytest.raises(NotFound):
        attach_to_appeal(appeal_id=appeal.pk, case=case, citizen=stranger, filename="a.pdf",
                         content=a_pdf(), channel="api")  # fmt: skip
    decide_appeal(appeal=appeal, officer=appeals_officer(case.agency), outcome="dismissed",
                  reason="The decision stands.", channel="backoffice")  # fmt: skip
    with pytest.raises(Conflict):
        attach_to_appeal(appeal_id=appeal.pk, case=case, citizen=case.application.citizen,
                         filename="a.pdf", content=a_pdf(), channel="api")  # fmt: skip


def test_only_the_officers_deciding_the_appeal_open_a_document_and_the_tracker_shows_it():
    case = decided_case()
    appeal = appeal_with(case, [("c.pdf", a_pdf())])
    [attachment] = appeal.attachments.all()
    other = appeals_officer(Agency.objects.exclude(pk=case.agency_id).first())

    with pytest.raises(NotFound):
        appeal_of(appeal_id=appeal.pk, officer=other, channel="backoffice")

    officer = appeals_officer(case.agency)
    found = appeal_of(appeal_id=appeal.pk, officer=officer, channel="backoffice")
    opened = open_appeal_attachment(appeal=found, officer=officer, attachment_id=attachment.pk,
                                    channel="backoffice")  # fmt: skip

    assert bytes(opened.content).startswith(b"%PDF")
    access = DataAccess.objects.get(purpose_ref=str(case.pk), registry="attachments")
    assert access.fields == ["attachments.appeal"] and access.client_agency == case.agency.slug
    assert AuditRecord.objects.filter(action="attachment.opened").exists()


def test_an_ended_appeals_documents_are_deleted_after_the_retention_term(settings):
    case = decided_case()
    appeal = appeal_with(case, [("c.pdf", a_pdf())])
    officer = appeals_officer(case.agency)
    decide_appeal(appeal=appeal, officer=officer, outcome="dismissed",
                  reason="The decision stands.", channel="backoffice")  # fmt: skip
    later = timezone.now() + datetime.timedelta(days=settings.ATTACHMENT_KEEP_DAYS + 1)

    assert delete_expired_appeal_attachments(now=timezone.now()) == 0  # kept meanwhile
    assert delete_expired_appeal_attachments(now=later) == 1

    [attachment] = appeal.attachments.all()
    assert attachment.deleted and attachment.content is None and attachment.filename == ""
    found = Appeal.objects.get(pk=appeal.pk)
    with pytest.raises(NotFound) as gone:
        open_appeal_attachment(appeal=found, officer=officer, attachment_id=attachment.pk,
                               channel="backoffice")  # fmt: skip
    assert gone.value.code == "attachment.deleted"


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_retention_job_at_once_delete_and_audit_a_document_once(
    settings, committed_platform
):
    case = decided_case()
    appeal = appeal_with(case, [("c.pdf", a_pdf())])
    decide_appeal(appeal=appeal, officer=appeals_officer(case.agency), outcome="dismissed",
                  reason="The decision stands.", channel="backoffice")  # fmt: skip
    later = timezone.now() + datetime.timedelta(days=settings.ATTACHMENT_KEEP_DAYS + 1)

    counts = together(*[lambda: delete_expired_appeal_attachments(now=later)] * 2)

    assert sorted(counts) == [0, 1]
    assert AuditRecord.objects.filter(action="attachment.deleted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_documents_sent_at_once_stay_within_the_appeals_size_limit(settings, committed_platform):
    settings.APPEAL_ATTACHMENTS_MAX_MB = 1
    case = decided_case()
    appeal = appeal_with(case, [])
    citizen = case.application.citizen
    most = a_pdf() + b"0" * (700 * 1024)  # each alone fits; two do not

    def attach(name: str) -> Any:
        return attach_to_appeal(appeal_id=appeal.pk, case=case, citizen=citizen, filename=name,
                                content=most, channel="api")  # fmt: skip

    results = together(lambda: attach("a.pdf"), lambda: attach("b.pdf"))

    refused = [r for r in results if isinstance(r, AttachmentRefused)]
    assert [r.code for r in refused] == ["appeal.attachments_too_large"]
    assert AppealAttachment.objects.filter(appeal=appeal).count() == 1
