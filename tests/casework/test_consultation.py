"""A stage where another agency is consulted: the decision prepared at review waits for the
consulted agency's officers to agree or object within a term of working days; then it moves on
to the sign-off. A term passed without an answer moves it on once, noted; the consulted
officers read only what they need, and each reading is in the citizen's data tracker."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import withdraw_application
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.consultation_models import Consultation, ConsultationOutcome
from qyzmet.casework.consultation_reads import agency_consultations
from qyzmet.casework.consultations import (
    answer_consultation,
    consultation_for_officer,
    end_unanswered_consultations,
)
from qyzmet.casework.stages import decide_at_stage, return_to_review, sign_off, stage_view
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.core.workdays import add_working_days
from qyzmet.exchange.models import DataAccess
from qyzmet.notifications.models import Notification
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def prepare(case: Any, officer: Any, approve: bool = True, reason: str = "") -> Any:
    return decide_at_stage(case=case, officer=officer, approve=approve, reason=reason,
                           channel="backoffice")  # fmt: skip


def asked(case: Any) -> Consultation:
    return Consultation.objects.get(case=case, outcome=ConsultationOutcome.OPEN)


def answer(consultation: Any, officer: Any, agree: bool = True, note: str = "") -> Any:
    return answer_consultation(consultation_id=consultation.pk, officer=officer, agree=agree,
                               note=note, channel="backoffice", language="ru")  # fmt: skip


def test_a_prepared_decision_asks_the_consulted_agency_within_its_term(funeral_case, clerk):
    prepare(funeral_case, clerk)

    view = stage_view(funeral_case)
    assert (view.stage, view.role, view.position) == ("consultation", "consulted", 1)
    consultation = asked(funeral_case)
    assert consultation.agency.slug == "justice"
    asked_on = timezone.localdate(consultation.asked_at)  # Almaty's day, as the term counts it
    assert consultation.term_ends == add_working_days(asked_on, 2)
    lines = [c.status for c in funeral_case.history.all()]
    assert lines[-2:] == ["stage_prepared", "consultation_asked"]
    assert AuditRecord.objects.filter(action="case.consultation_asked")
    assert not Notification.objects.filter(kind="case.decided").exists()


def test_the_consulted_agency_sees_it_in_its_own_list_and_no_one_else_does(
    funeral_case, clerk, registrar
):
    prepare(funeral_case, clerk)

    assert [c.case_id for c in agency_consultations(registrar)] == [funeral_case.pk]
    assert list(agency_consultations(clerk)) == []  # the asking agency reads its case instead


def test_an_agreement_moves_the_decision_to_sign_off_and_the_supervisor_decides(
    funeral_case, clerk, registrar, head
):
    prepare(funeral_case, clerk)
    consultation = answer(asked(funeral_case), registrar, note="Родство подтверждено.")

    assert consultation.outcome == "answered" and consultation.answer == "agree"
    view = stage_view(funeral_case)
    assert (view.stage, view.role) == ("sign-off", "supervisor")
    assert AuditRecord.objects.filter(action="case.consultation_answered", actor=registrar)

    decided = sign_off(case=funeral_case, officer=head, channel="backoffice")

    assert decided.status == CaseStatus.APPROVED


def test_an_objection_needs_a_note_and_is_read_by_the_case_officers(funeral_case, clerk, registrar):
    prepare(funeral_case, clerk)
    with pytest.raises(Invalid) as refused:
        answer(asked(funeral_case), registrar, agree=False, note="  ")
    assert refused.value.problems[0].code == "consultation.note_required"

    answer(asked(funeral_case), registrar, agree=False, note="Брак не зарегистрирован.")

    line = funeral_case.history.get(status="consultation_replied")
    assert "Брак не зарегистрирован." in line.note  # officers read it
    assert line.note_for_citizens == ""  # the citizen never does


def test_an_officer_of_another_agency_cannot_answer_nor_read_it(funeral_case, clerk, head):
    prepare(funeral_case, clerk)
    consultation = asked(funeral_case)
    outsider = OfficerFactory(agency=consultation.case.agency)  # the asking agency itself

    for officer in (outsider, head):
        with pytest.raises(Forbidden):
            answer(consultation, officer)
        with pytest.raises(Forbidden):
            consultation_for_officer(officer=officer, consultation_id=consultation.pk,
                                     channel="backoffice")  # fmt: skip
    assert asked(funeral_case).outcome == "open"
    assert AuditRecord.objects.filter(action="consultation.access_denied").count() == 4


def test_a_second_answer_is_refused(funeral_case, clerk, registrar):
    prepare(funeral_case, clerk)
    consultation = asked(funeral_case)
    answer(consultation, registrar)

    with pytest.raises(Conflict) as refused:
        answer(consultation, registrar, agree=False, note="Передумали.")

    assert refused.value.code == "consultation.closed"
    consultation.refresh_from_db()
    assert consultation.answer == "agree"


def test_nobody_signs_off_nor_returns_while_the_agency_is_consulted(funeral_case, clerk, head):
    prepare(funeral_case, clerk)

    with pytest.raises(Conflict) as refused:
        sign_off(case=funeral_case, officer=head, channel="backoffice")
    assert refused.value.code == "stage.consulting"
    with pytest.raises(Conflict):
        return_to_review(case=funeral_case, officer=head, note="Ещё раз.", channel="backoffice")


def test_reading_it_is_in_the_citizens_data_tracker_and_audited(funeral_case, clerk, registrar):
    prepare(funeral_case, clerk)

    consultation_for_officer(officer=registrar, consultation_id=asked(funeral_case).pk,
                             channel="backoffice")  # fmt: skip

    access = DataAccess.objects.get(registry="consultations")
    assert (access.client_agency, access.provider_agency) == ("justice", "labour")
    assert access.purpose_ref == str(funeral_case.pk)
    assert AuditRecord.objects.filter(action="consultation.opened", actor=registrar)


def test_a_term_passed_without_an_answer_moves_the_decision_on_once(funeral_case, clerk):
    prepare(funeral_case, clerk)
    consultation = asked(funeral_case)
    after = consultation.term_ends + datetime.timedelta(days=1)

    assert end_unanswered_consultations(today=consultation.term_ends) == 0  # its last day
    assert end_unanswered_consultations(today=after) == 1
    assert end_unanswered_consultations(today=after) == 0

    consultation.refresh_from_db()
    assert consultation.outcome == "no_answer"
    assert stage_view(funeral_case).stage == "sign-off"
    assert funeral_case.history.filter(status="consultation_lapsed").count() == 1
    assert AuditRecord.objects.filter(action="case.consultation_unanswered").count() == 1


def test_a_withdrawn_application_leaves_nothing_to_answer(funeral_case, clerk, registrar):
    prepare(funeral_case, clerk)

    withdraw_application(application=funeral_case.application,
                         citizen=funeral_case.application.citizen, channel="portal")  # fmt: skip

    assert asked_none(funeral_case)
    assert list(agency_consultations(registrar)) == []


def asked_none(case: Any) -> bool:
    return not Consultation.objects.filter(case=case, outcome=ConsultationOutcome.OPEN).exists()
