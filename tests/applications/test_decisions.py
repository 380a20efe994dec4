"""Officers decide cases of their own agency; the application's status follows its cases."""

from __future__ import annotations

import pytest

from qyzmet.applications.decisions import assign_case, decide_case
from qyzmet.applications.models import ApplicationStatus, CaseStatus
from qyzmet.applications.selectors import agency_queue, case_for_officer
from qyzmet.applications.services import withdraw_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from tests.factories import ApplicationFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory(agency=Agency.objects.get(slug="internal-affairs"))


@pytest.fixture
def other_officer():
    return OfficerFactory(agency=Agency.objects.get(slug="justice"))


def test_a_submitted_case_waits_in_its_agencys_queue(officer, other_officer):
    application = ApplicationFactory(submitted=True)
    case = application.cases.get()
    assert case.status == CaseStatus.SUBMITTED
    assert case in agency_queue(officer)
    assert case not in agency_queue(other_officer)


def test_approval_decides_the_application(officer):
    application = ApplicationFactory(submitted=True)
    decide_case(case=application.cases.get(), officer=officer, approve=True, channel="api")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert [h.status for h in application.history.all()][-2:] == ["approved", "approved"]


def test_a_rejection_needs_a_reason(officer):
    case = ApplicationFactory(submitted=True).cases.get()
    with pytest.raises(Invalid) as refused:
        decide_case(case=case, officer=officer, approve=False, reason="  ", channel="api")
    assert refused.value.code == "reason.required"
    decide_case(case=case, officer=officer, approve=False, reason="Photo missing", channel="api")
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert case.reason_parts == [{"written": "Photo missing", "language": "en"}]
    assert case.decision_reason.startswith("Photo missing\n")  # with a note: written in English
    assert case.application.status == ApplicationStatus.REJECTED


def test_a_case_is_decided_once(officer):
    case = ApplicationFactory(approved=True).cases.get()
    with pytest.raises(Conflict):
        decide_case(case=case, officer=officer, approve=False, reason="Late", channel="api")


def test_assignment_puts_the_case_in_review(officer):
    application = ApplicationFactory(in_review=True)
    case = application.cases.get()
    assert case.status == CaseStatus.IN_REVIEW and case.assigned_to == officer
    assert application.status == ApplicationStatus.IN_REVIEW
    assert list(agency_queue(officer, assigned_to_me=True)) == [case]


def test_an_officer_of_agency_a_cannot_open_a_case_of_agency_b(other_officer):
    case = ApplicationFactory(submitted=True).cases.get()
    with pytest.raises(Forbidden):
        case_for_officer(other_officer, case.pk, channel="backoffice")
    with pytest.raises(Forbidden):
        decide_case(case=case, officer=other_officer, approve=True, channel="backoffice")
    with pytest.raises(Forbidden):
        assign_case(case=case, officer=other_officer, channel="backoffice")
    attempts = AuditRecord.objects.filter(action="case.access_denied", object_id=str(case.pk))
    assert attempts.count() == 3
    assert attempts.first().actor == other_officer


def test_withdrawal_stops_pending_cases_but_not_decisions(officer):
    application = ApplicationFactory(submitted=True)
    withdraw_application(application=application, citizen=application.citizen, channel="api")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.cases.get().status == CaseStatus.WITHDRAWN
    decided = ApplicationFactory(approved=True)
    with pytest.raises(Conflict):
        withdraw_application(application=decided, citizen=decided.citizen, channel="api")


def test_every_change_of_state_is_audited(officer):
    application = ApplicationFactory(approved=True)
    case = application.cases.get()
    actions = set(
        AuditRecord.objects.filter(object_id__in=[str(application.pk), str(case.pk)]).values_list(
            "action", flat=True
        )
    )
    assert {"application.started", "application.submitted", "case.approved"} <= actions
