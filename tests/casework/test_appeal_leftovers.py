"""What review found of appeals: nobody decides an appeal against their own decision; a
complaint about a delay closes (moot) once the case is decided, so the decision can be
appealed; an appeal of a case withdrawn meanwhile closes; another body's appeal is not found."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import StatusChange
from qyzmet.applications.services import withdraw_application
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeal_models import AppealKind, AppealOutcome
from qyzmet.casework.appeals import appeal_of, appeal_offered, decide_appeal, file_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Forbidden, NotFound
from qyzmet.notifications.models import Notification
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def appealed(case: Any, reasons: str = "It is late / the decision is wrong.") -> Any:
    return file_appeal(case=case, citizen=case.application.citizen, reasons=reasons,
                       channel="portal")  # fmt: skip


def late_case() -> Any:
    application = ApplicationFactory(citizen=CitizenFactory(language="en"), submitted=True)
    case = application.cases.get()
    case.due_date = timezone.localdate() - datetime.timedelta(days=3)
    case.save(update_fields=["due_date"])
    return case


def test_the_officer_who_decided_may_not_decide_its_appeal():
    case = ApplicationFactory(rejected=True).cases.get()
    decider = StatusChange.objects.get(case=case, status="rejected").actor
    grant_role(officer=decider, role="appeals")
    appeal = appealed(case)

    with pytest.raises(Forbidden) as refused:
        decide_appeal(appeal=appeal, officer=decider, outcome="upheld", reason="I erred.",
                      channel="backoffice")  # fmt: skip

    assert refused.value.code == "appeal.own_decision"
    assert AuditRecord.objects.filter(action="appeal.conflict_refused").exists()
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.OPEN


def test_a_delay_complaint_closes_once_the_case_is_decided_and_the_decision_may_be_appealed():
    case = late_case()
    complaint = appealed(case)
    assert complaint.kind == AppealKind.DELAY

    decide_case(case=case, officer=OfficerFactory(agency=case.agency), approve=False,
                reason="Documents are missing.", channel="backoffice")  # fmt: skip

    complaint.refresh_from_db()
    assert complaint.outcome == AppealOutcome.MOOT and complaint.decided_at is not None
    told = Notification.objects.get(kind="case.appeal_decided", recipient=case.application.citizen)
    assert "complaint about its delay is closed" in told.body
    case.refresh_from_db()
    assert appeal_offered(case) == AppealKind.DECISION
    assert appealed(case).kind == AppealKind.DECISION  # within its term


def test_an_appeal_of_a_case_withdrawn_meanwhile_is_closed():
    case = late_case()
    complaint = appealed(case)

    withdraw_application(application=case.application, citizen=case.application.citizen,
                         channel="portal")  # fmt: skip

    complaint.refresh_from_db()
    assert complaint.outcome == AppealOutcome.WITHDRAWN
    assert AuditRecord.objects.filter(action="appeal.closed").exists()
    assert case.history.filter(status="appeal_closed").exists()


def test_another_bodys_appeal_is_not_found_as_an_unknown_id_and_the_attempt_is_audited():
    case = ApplicationFactory(rejected=True).cases.get()
    appeal = appealed(case)
    other = OfficerFactory(agency=Agency.objects.exclude(pk=case.agency_id).first())
    grant_role(officer=other, role="appeals")

    with pytest.raises(NotFound) as theirs:
        appeal_of(appeal_id=appeal.pk, officer=other, channel="api")
    with pytest.raises(NotFound) as unknown:
        appeal_of(appeal_id=appeal.pk + 1000, officer=other, channel="api")

    assert theirs.value.code == unknown.value.code == "not_found.appeal"
    assert AuditRecord.objects.filter(action="appeal.access_denied", actor=other).exists()


def test_the_officer_sitting_on_a_late_case_may_not_decide_the_complaint_about_its_delay():
    case = late_case()
    sitter = OfficerFactory(agency=case.agency, username="sitter")
    grant_role(officer=sitter, role="appeals")
    case.assigned_to = sitter
    case.save(update_fields=["assigned_to"])
    complaint = appealed(case)

    with pytest.raises(Forbidden) as refused:
        decide_appeal(appeal=complaint, officer=sitter, outcome="dismissed",
                      reason="All is in order.", channel="backoffice")  # fmt: skip

    assert refused.value.code == "appeal.own_delay"
    assert AuditRecord.objects.filter(action="appeal.conflict_refused", actor=sitter).exists()
    complaint.refresh_from_db()
    assert complaint.outcome == AppealOutcome.OPEN
    another = OfficerFactory(agency=case.agency, username="impartial")
    grant_role(officer=another, role="appeals")
    decided = decide_appeal(appeal=complaint, officer=another, outcome="upheld",
                            reason="It is late indeed.", channel="backoffice")  # fmt: skip
    assert decided.outcome == AppealOutcome.UPHELD


def test_the_officer_whose_prepared_decision_waits_may_not_decide_the_delay_complaint(
    pension_case: Any, reviewer: Any
):
    from qyzmet.casework.stages import decide_at_stage

    decide_at_stage(case=pension_case, officer=reviewer, approve=True, channel="backoffice")
    pension_case.due_date = timezone.localdate() - datetime.timedelta(days=2)
    pension_case.assigned_to = None
    pension_case.save(update_fields=["due_date", "assigned_to"])
    grant_role(officer=reviewer, role="appeals")
    complaint = appealed(pension_case)
    assert complaint.kind == AppealKind.DELAY

    with pytest.raises(Forbidden) as refused:
        decide_appeal(appeal=complaint, officer=reviewer, outcome="dismissed",
                      reason="It waits for sign-off.", channel="api")  # fmt: skip

    assert refused.value.code == "appeal.own_delay"
