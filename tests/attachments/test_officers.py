"""An officer of the case's agency opens what the citizen attached; the citizen's data tracker
tells them so. No one else opens it, and a deleted file opens for no one."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from qyzmet.applications.correction_expiry import end_uncorrected_cases
from qyzmet.applications.corrections import send_back
from qyzmet.applications.decisions import assign_case, decide_case
from qyzmet.applications.models import CaseStatus, StatusChange
from qyzmet.applications.services import submit_application, withdraw_application
from qyzmet.attachments.retention import delete_expired_attachments
from qyzmet.attachments.services import open_attachment, upload_attachment
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Forbidden, NotFound
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.entries import entries_for
from qyzmet.tracker.selectors import accesses_of
from tests.attachments.conftest import KIND, LICENCE, a_pdf
from tests.factories import OfficerFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(draft):
    pdf = a_pdf()
    attachment = upload_attachment(
        citizen=draft.citizen, application=draft, service=LICENCE, kind=KIND,
        filename="certificate.pdf", content=pdf, channel="portal",
    )  # fmt: skip
    application = submit_application(citizen=draft.citizen, channel="portal", application=draft)
    case = application.cases.get()
    case.attachment, case.pdf = attachment, pdf
    return case


def test_the_officer_of_the_case_opens_it_and_the_citizen_sees_it_in_the_tracker(case):
    officer = officer_of(case.agency)
    opened = open_attachment(officer=officer, case=case, attachment_id=case.attachment.pk,
                             channel="backoffice")  # fmt: skip
    assert opened.content == case.pdf
    citizen = case.application.citizen
    [entry] = entries_for(citizen, accesses_of(citizen).filter(registry="attachments"))
    assert entry.registry["en"] == "Documents you attached"
    assert [f.label["en"] for f in entry.fields] == ["Medical certificate (form 083/u)"]
    assert entry.system["en"] == "An officer's view of a case"
    assert entry.application_id == case.application_id  # "your application no. ..."


def test_an_officer_of_another_agency_cannot_open_it(case):
    other = OfficerFactory(agency=Agency.objects.exclude(pk=case.agency_id).first(),
                           username="officer-elsewhere")  # fmt: skip
    with pytest.raises(Forbidden):
        open_attachment(officer=other, case=case, attachment_id=case.attachment.pk,
                        channel="backoffice")  # fmt: skip
    assert not DataAccess.objects.filter(registry="attachments").exists()


def test_a_file_past_its_retention_term_is_deleted_and_opens_for_no_one(case):
    officer = officer_of(case.agency)
    assign_case(case=case, officer=officer, channel="backoffice")
    decide_case(case=case, officer=officer, approve=True, reason="", channel="backoffice")
    with override_settings(ATTACHMENT_KEEP_DAYS=30):
        soon = timezone.now() + datetime.timedelta(days=29)
        assert delete_expired_attachments(now=soon) == 0
        later = timezone.now() + datetime.timedelta(days=31)
        assert delete_expired_attachments(now=later) == 1
        assert delete_expired_attachments(now=later) == 0  # once
    case.attachment.refresh_from_db()
    assert case.attachment.content is None and case.attachment.deleted
    with pytest.raises(NotFound) as gone:
        open_attachment(officer=officer, case=case, attachment_id=case.attachment.pk,
                        channel="backoffice")  # fmt: skip
    assert gone.value.code == "attachment.deleted"


def test_a_pending_case_keeps_its_files_however_old(case):
    with override_settings(ATTACHMENT_KEEP_DAYS=1):
        assert delete_expired_attachments(now=timezone.now() + datetime.timedelta(days=400)) == 0


def test_a_draft_left_behind_loses_its_files_after_the_term(draft):
    upload_attachment(
        citizen=draft.citizen, application=draft, service=LICENCE, kind=KIND,
        filename="certificate.pdf", content=a_pdf(), channel="portal",
    )  # fmt: skip
    with override_settings(ATTACHMENT_KEEP_DAYS=10):
        assert delete_expired_attachments(now=timezone.now() + datetime.timedelta(days=11)) == 1


def test_a_case_withdrawn_after_submission_loses_its_files_after_the_term(case):
    with override_settings(ATTACHMENT_KEEP_DAYS=30):
        later = timezone.now() + datetime.timedelta(days=40)
        withdraw_application(application=case.application, citizen=case.application.citizen,
                             channel="portal")  # fmt: skip
        StatusChange.objects.filter(case=case, status="withdrawn").update(
            at=timezone.now() + datetime.timedelta(days=20)  # withdrawn 20 days from now
        )
        assert delete_expired_attachments(now=later) == 0  # 20 days after it was withdrawn
        assert delete_expired_attachments(now=later + datetime.timedelta(days=11)) == 1
    case.attachment.refresh_from_db()
    assert case.attachment.content is None


def test_a_case_ended_by_an_expired_correction_loses_its_files_after_the_term(case):
    version = case.service
    version.definition["correction"] = {"term_days": 5, "on_expiry": "withdraw"}
    version.save(update_fields=["definition"])
    correction = send_back(case=case, officer=officer_of(case.agency), fields=["reason"],
                           message="Choose the reason again.", channel="backoffice")  # fmt: skip
    assert end_uncorrected_cases(today=correction.term_ends + datetime.timedelta(days=1)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and case.decided_at is None
    with override_settings(ATTACHMENT_KEEP_DAYS=30):
        assert delete_expired_attachments(now=timezone.now() + datetime.timedelta(days=29)) == 0
        assert delete_expired_attachments(now=timezone.now() + datetime.timedelta(days=31)) == 1
