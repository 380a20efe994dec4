"""An officer allowed to reverse decisions annuls an approval or a rejection on a ground and with
a reason: the case awaits a new decision, its document is revoked, the citizen is told."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import ApplicationStatus, CaseStatus, Reversal
from qyzmet.applications.reversals import reverse_case
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import issue_result_document
from qyzmet.documents.verification import Verdict, verify_document_file, verify_document_number
from qyzmet.notifications.models import Notification
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(db: Any) -> Any:
    return allow_reversals(officer=OfficerFactory(), channel="test")


def approved_case(**citizen: Any) -> Any:
    application = ApplicationFactory(citizen=CitizenFactory(**citizen), approved=True)
    return application.cases.get()


def test_reversing_an_approval_reopens_the_case_and_revokes_its_document(supervisor):
    case = approved_case(language="kk")
    document = issue_result_document(case=case)

    reversal = reverse_case(
        case=case, officer=supervisor, ground="appeal_upheld",
        reason="The applicant's appeal was upheld.", channel="test",
    )  # fmt: skip

    case.refresh_from_db()
    assert case.status == CaseStatus.REVERSED
    assert case.decided_at is None and case.assigned_to is None
    assert case.application.status == ApplicationStatus.IN_REVIEW
    assert [c.status for c in case.history.all()][-1] == "reversed"
    assert reversal.decision == "approved" and reversal.document_number == document.pk
    document.refresh_from_db()
    assert document.revoked
    assert document.revocation_ground == "appeal_upheld"
    assert document.revocation_reason == "The applicant's appeal was upheld."
    assert verify_document_number(document.pk).verdict is Verdict.REVOKED
    assert verify_document_file(bytes(document.pdf)).verdict is Verdict.REVOKED
    audit = AuditRecord.objects.get(action="case.reversed", object_id=str(case.pk))
    assert audit.details["ground"] == "appeal_upheld"
    assert audit.details["document"] == document.pk


def test_the_citizen_is_told_in_their_language(supervisor):
    case = approved_case(language="ru")
    issue_result_document(case=case)
    reverse_case(
        case=case, officer=supervisor, ground="court_ruling",
        reason="Решение суда № 2-1234.", channel="test",
    )  # fmt: skip
    told = Notification.objects.filter(kind="case.reversed", case=case, channel="inbox").get()
    assert told.subject.startswith("Решение отменено")
    assert "Основание: Решение суда. Причина: Решение суда № 2-1234." in told.body
    assert "отозван" in told.body


def test_a_reversed_rejection_can_be_decided_again_and_then_gets_a_document(supervisor):
    application = ApplicationFactory(rejected=True)
    case = application.cases.get()
    reverse_case(
        case=case, officer=supervisor, ground="new_facts",
        reason="The missing papers were found.", channel="test",
    )  # fmt: skip
    decide_case(case=case, officer=supervisor, approve=True, channel="test")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert issue_result_document(case=case).revoked_at is None


def test_an_approval_reversed_again_after_a_new_approval_has_a_new_document(supervisor):
    case = approved_case()
    first = issue_result_document(case=case)
    reverse_case(case=case, officer=supervisor, ground="error_in_decision", reason="Wrong address.",
                 channel="test")  # fmt: skip
    decide_case(case=case, officer=supervisor, approve=True, channel="test")
    second = issue_result_document(case=case)
    assert second.pk != first.pk
    assert verify_document_number(first.pk).verdict is Verdict.REVOKED
    assert verify_document_number(second.pk).verdict is Verdict.AUTHENTIC


def test_an_approval_reversed_before_its_document_was_issued_gets_none(supervisor):
    case = approved_case()
    reverse_case(case=case, officer=supervisor, ground="error_in_decision", reason="Wrong data.",
                 channel="test")  # fmt: skip
    run_jobs()  # the job enqueued with the approval
    assert not ResultDocument.objects.filter(case=case).exists()


def test_an_officer_without_the_permission_is_refused_and_it_is_audited(db):
    case = approved_case()
    officer = OfficerFactory()
    with pytest.raises(Forbidden):
        reverse_case(case=case, officer=officer, ground="appeal_upheld", reason="x", channel="test")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert AuditRecord.objects.filter(action="case.reversal_refused").exists()


def test_a_supervisor_of_another_agency_is_refused(db):
    case = approved_case()
    other = allow_reversals(
        officer=OfficerFactory(agency=Agency.objects.get(slug="health")), channel="test"
    )
    with pytest.raises(Forbidden):
        reverse_case(case=case, officer=other, ground="appeal_upheld", reason="x", channel="test")


def test_a_missing_reason_and_an_unknown_ground_are_both_named(supervisor):
    case = approved_case()
    with pytest.raises(Invalid) as refused:
        reverse_case(case=case, officer=supervisor, ground="whim", reason="  ", channel="test")
    assert {(p.field, p.code) for p in refused.value.problems} == {
        ("ground", "reversal.unknown_ground"),
        ("reason", "reversal.reason_required"),
    }
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_reversing_twice_or_an_undecided_case_is_refused(supervisor):
    case = approved_case()
    reverse_case(case=case, officer=supervisor, ground="appeal_upheld", reason="x", channel="test")
    with pytest.raises(Conflict) as twice:
        reverse_case(case=case, officer=supervisor, ground="appeal_upheld", reason="x", channel="t")
    assert twice.value.code == "case.already_reversed"
    assert Reversal.objects.filter(case=case).count() == 1

    pending = ApplicationFactory(submitted=True).cases.get()
    with pytest.raises(Conflict) as undecided:
        reverse_case(case=pending, officer=supervisor, ground="appeal_upheld", reason="x",
                     channel="test")  # fmt: skip
    assert undecided.value.code == "case.not_decided"


def test_the_demo_officers_may_reverse_decisions(db):
    from qyzmet.demo.services import create_accounts

    logins = create_accounts()
    create_accounts()  # preparing the demo again changes nothing
    officer = get_user_model().objects.get(username=logins.officers["internal-affairs"])
    assert officer.has_perm("applications.reverse_decision")
    granted = AuditRecord.objects.filter(action="officer.reversals_allowed", object_id=officer.pk)
    assert granted.count() == 1


def test_an_approval_reversed_while_its_document_is_signed_gets_no_document(
    supervisor, monkeypatch
):
    from qyzmet.documents import services

    case = approved_case()
    real_render = services.render_pdf

    def render_then_reverse(**kwargs: Any) -> bytes:
        pdf = real_render(**kwargs)
        reverse_case(case=case, officer=supervisor, ground="error_in_decision", reason="Wrong.",
                     channel="test")  # fmt: skip
        return pdf

    monkeypatch.setattr(services, "render_pdf", render_then_reverse)
    with pytest.raises(Conflict):
        issue_result_document(case=case)
    assert not ResultDocument.objects.filter(case=case).exists()


def test_documents_revoked_before_grounds_were_coded_get_their_reversals_ground(supervisor):
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module(
        "qyzmet.documents.migrations.0004_revocation_ground_and_reason_encrypted"
    )
    case = approved_case(language="ru")
    document = issue_result_document(case=case)
    reverse_case(
        case=case, officer=supervisor, ground="court_ruling", reason="Ruling 2-15/2026.",
        channel="test",
    )  # fmt: skip
    with connection.cursor() as cursor:  # as an older qyzmet left it
        cursor.execute(
            "UPDATE documents_resultdocument SET revocation_ground = '', revocation_reason = %s "
            "WHERE id = %s",
            ["Решение суда: Ruling 2-15/2026.", document.pk],
        )

    migration.ground_revoked_documents(apps, None)

    document.refresh_from_db()
    assert (document.revocation_ground, document.revocation_reason) == (
        "court_ruling",
        "Ruling 2-15/2026.",
    )
