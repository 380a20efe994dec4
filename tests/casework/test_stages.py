"""A service with stages: the reviewer's decision is prepared, not taken; a supervisor other
than the officer who prepared it signs it off (then the case is decided as any other) or
returns it to review with a note; the legal deadline counts the whole case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import withdraw_application
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.roles import grant_role
from qyzmet.casework.stage_models import PreparedOutcome
from qyzmet.casework.stages import (
    decide_at_stage,
    return_to_review,
    sign_off,
    stage_view,
)
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.notifications.models import Notification
from qyzmet.notifications.overdue import notify_overdue_cases
from tests.factories import ApplicationFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def prepare(case: Any, officer: Any, approve: bool = True, reason: str = "") -> Any:
    return decide_at_stage(
        case=case, officer=officer, approve=approve, reason=reason, channel="backoffice"
    )


def test_the_reviewers_approval_waits_for_a_supervisor_and_the_citizen_is_not_told(
    pension_case, reviewer
):
    view = stage_view(pension_case)
    assert (view.stage, view.role, view.prepared) == ("review", "reviewer", None)

    case = prepare(pension_case, reviewer)

    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.decided_at is None
    view = stage_view(case)
    assert (view.stage, view.role, view.position, view.count) == ("sign-off", "supervisor", 1, 2)
    assert view.prepared.approve and view.prepared.prepared_by == reviewer
    assert case.assigned_to == reviewer
    assert not Notification.objects.filter(kind="case.decided").exists()
    assert [c.status for c in case.history.all()][-1] == "stage_prepared"
    assert AuditRecord.objects.filter(action="case.decision_prepared", object_id=str(case.pk))


def test_the_officer_who_prepared_it_cannot_sign_it_off_even_as_a_supervisor(
    pension_case, reviewer
):
    grant_role(officer=reviewer, role="supervisor")
    prepare(pension_case, reviewer)

    with pytest.raises(Forbidden) as refused:
        sign_off(case=pension_case, officer=reviewer, channel="backoffice")

    assert refused.value.code == "stage.four_eyes"
    pension_case.refresh_from_db()
    assert pension_case.status == CaseStatus.IN_REVIEW
    assert AuditRecord.objects.filter(action="case.stage_refused", details__why="stage.four_eyes")


def test_an_officer_without_the_supervisor_role_cannot_sign_off(pension_case, reviewer):
    prepare(pension_case, reviewer)
    colleague = OfficerFactory(agency=pension_case.agency, username="colleague-labour")

    with pytest.raises(Forbidden) as refused:
        sign_off(case=pension_case, officer=colleague, channel="backoffice")

    assert refused.value.code == "stage.role_required"


def test_another_supervisors_sign_off_decides_the_case_as_prepared(
    pension_case, reviewer, supervisor
):
    due = pension_case.due_date
    prepare(pension_case, reviewer)

    case = sign_off(case=pension_case, officer=supervisor, channel="backoffice")

    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.decided_at is not None
    assert case.due_date == due  # stages do not move the legal deadline
    assert case.assigned_to == reviewer
    assert stage_view(case) is None
    prepared = case.prepared_decisions.get()
    assert prepared.outcome == PreparedOutcome.SIGNED_OFF and prepared.ended_by == supervisor
    assert [a["officer"] for a in prepared.acted] == [reviewer.pk, supervisor.pk]
    last = case.history.last()
    assert (last.status, last.actor_label) == ("approved", supervisor.username)
    assert Notification.objects.filter(kind="case.decided", recipient=case.application.citizen)
    assert case.application.status == "approved"


def test_a_prepared_rejection_keeps_its_reason_to_the_sign_off(pension_case, reviewer, supervisor):
    with pytest.raises(Invalid) as refused:
        prepare(pension_case, reviewer, approve=False)
    assert refused.value.code == "reason.required"
    prepare(pension_case, reviewer, approve=False, reason="Стаж не подтверждён трудовой книжкой.")

    case = sign_off(case=pension_case, officer=supervisor, channel="backoffice")

    assert case.status == CaseStatus.REJECTED
    assert case.decision_reason == "Стаж не подтверждён трудовой книжкой."


def test_a_returned_decision_is_at_review_again_with_the_note(pension_case, reviewer, supervisor):
    prepare(pension_case, reviewer)
    with pytest.raises(Invalid) as refused:
        return_to_review(case=pension_case, officer=supervisor, note="  ", channel="backoffice")
    assert refused.value.problems[0].code == "stage.note_required"

    returned = return_to_review(
        case=pension_case, officer=supervisor, note="Check the years before 1998.",
        channel="backoffice",
    )  # fmt: skip

    assert returned.outcome == PreparedOutcome.RETURNED
    assert returned.note == [{"written": "Check the years before 1998.", "language": "en"}]
    view = stage_view(pension_case)
    assert (view.stage, view.prepared) == ("review", None)
    assert pension_case.history.last().status == "stage_returned"
    with pytest.raises(Conflict):
        sign_off(case=pension_case, officer=supervisor, channel="backoffice")
    prepare(pension_case, reviewer, approve=False, reason="Стаж не подтверждён.")  # again
    assert stage_view(pension_case).prepared.approve is False


def test_a_second_preparation_while_one_waits_is_a_conflict(pension_case, reviewer):
    prepare(pension_case, reviewer)
    with pytest.raises(Conflict) as refused:
        prepare(pension_case, OfficerFactory(agency=pension_case.agency, username="other"))
    assert refused.value.code == "stage.already_prepared"


def test_a_withdrawn_case_leaves_nothing_to_sign_off(pension_case, reviewer, supervisor):
    prepare(pension_case, reviewer)

    withdraw_application(
        application=pension_case.application, citizen=pension_case.application.citizen,
        channel="portal",
    )  # fmt: skip

    assert pension_case.prepared_decisions.get().outcome == PreparedOutcome.VOID
    with pytest.raises(Conflict):
        sign_off(case=pension_case, officer=supervisor, channel="backoffice")


def test_a_case_waiting_for_sign_off_past_its_due_date_is_overdue_and_the_citizen_told(
    pension_case, reviewer
):
    prepare(pension_case, reviewer)
    pension_case.refresh_from_db()
    late = pension_case.due_date + datetime.timedelta(days=1)
    assert pension_case.is_overdue(late)
    assert not pension_case.is_overdue(timezone.localdate())

    assert notify_overdue_cases(today=late) == 1
    assert Notification.objects.filter(kind="case.overdue", case=pension_case).exists()


def test_a_service_without_stages_is_decided_at_once(db):
    case = ApplicationFactory(submitted=True).cases.get()  # a passport: one review
    officer = OfficerFactory(agency=case.agency)

    decided = prepare(case, officer)

    assert decided.status == CaseStatus.APPROVED
    assert stage_view(decided) is None
    assert not decided.prepared_decisions.exists()


def test_an_officer_of_another_agency_cannot_sign_off(pension_case, reviewer):
    prepare(pension_case, reviewer)
    stranger = OfficerFactory()  # internal affairs
    grant_role(officer=stranger, role="supervisor")
    with pytest.raises(Forbidden) as refused:
        sign_off(case=pension_case, officer=stranger, channel="backoffice")
    assert refused.value.code == "case.other_agency"


def test_an_officer_created_as_a_supervisor_signs_off_without_being_put_in_a_group(
    pension_case: Any, reviewer: Any
) -> None:
    from qyzmet.accounts.officer_accounts import create_officer
    from qyzmet.casework.roles import has_role, roles_of

    created = create_officer(
        username="supervisor-by-command", agency=pension_case.agency, first_name="A",
        last_name="B", role="supervisor", password="a long enough passphrase 2026",
    ).officer  # fmt: skip
    assert has_role(created, "supervisor") and "supervisor" in roles_of(created)
    assert not has_role(reviewer, "supervisor")


def test_a_case_whose_decision_waits_for_sign_off_cannot_be_sent_back(pension_case, reviewer):
    # Otherwise one officer could undo what waits for another's sign-off, and a correction not
    # made in time would end the case with no second officer.
    from qyzmet.applications.corrections import send_back
    from qyzmet.casework.stage_models import PreparedDecision

    case = prepare(pension_case, reviewer)

    with pytest.raises(Conflict) as refused:
        send_back(case=case, officer=reviewer, fields=["iban"], message="Check the IBAN.",
                  channel="backoffice")  # fmt: skip

    assert refused.value.code == "stage.send_back_prepared"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert PreparedDecision.objects.get(case=case).outcome == PreparedOutcome.OPEN
