"""An officer sends a case back for correction: the citizen changes what was named and
resubmits; the deadline stops meanwhile; a correction not made in time ends the case as the
catalogue says."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from qyzmet.applications.correction_expiry import end_uncorrected_cases
from qyzmet.applications.corrections import resubmit_correction, send_back
from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import ApplicationStatus, CaseStatus
from qyzmet.applications.services import withdraw_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.messages import render
from qyzmet.core.workdays import add_working_days
from qyzmet.notifications.models import Notification
from qyzmet.registries.checks import AutomaticCheck, CheckRegistry
from qyzmet.registries.models import Person
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory, officer_of

pytestmark = pytest.mark.django_db

MESSAGE = "Укажите ЦОН, который принимает документы: в ЦОН №3 приём закрыт."


def submitted_case(**citizen: Any) -> Any:
    application = ApplicationFactory(citizen=CitizenFactory(**citizen), submitted=True)
    return application.cases.get()


def stranger() -> Any:
    someone = Person.objects.filter(
        death_date__isnull=True, birth_date__lt=datetime.date(1990, 1, 1)
    )
    return CitizenFactory(iin=someone.order_by("-id").values_list("iin", flat=True).first())


def sent_back(case: Any, fields: tuple[str, ...] = ("service_centre",)) -> Any:
    return send_back(
        case=case, officer=officer_of(case.agency), fields=list(fields), message=MESSAGE,
        channel="backoffice",
    )  # fmt: skip


def test_a_case_sent_back_waits_for_the_citizen_with_its_deadline_stopped():
    case = submitted_case(language="ru")
    fee = case.fee_tiyn

    correction = sent_back(case)

    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_BACK
    assert case.application.status == ApplicationStatus.SENT_BACK
    assert correction.field_names == ["service_centre"]
    assert correction.message_parts == [{"written": MESSAGE, "language": "ru"}]
    assert correction.term_ends == add_working_days(timezone.localdate(), 10)  # the catalogue's
    assert case.fee_tiyn == fee
    change = case.history.last()
    assert (change.status, change.actor_label) == ("sent_back", officer_of(case.agency).username)
    # not overdue while the citizen holds it, even long after its deadline
    assert not case.is_overdue(case.due_date + datetime.timedelta(days=60))
    told = Notification.objects.get(kind="case.sent_back", recipient=case.application.citizen)
    assert "ЦОН, где сфотографируют и выдадут документ" in told.body
    assert MESSAGE in told.body
    assert AuditRecord.objects.filter(action="case.sent_back", object_id=str(case.pk)).exists()


def test_the_citizen_corrects_the_named_field_and_everything_else_is_kept():
    case = submitted_case()
    before = dict(case.data)
    sent_back(case)

    corrected = resubmit_correction(
        case=case, citizen=case.application.citizen,
        data={"service_centre": "ЦОН Медеуского района, Достык 12"}, channel="portal",
    )  # fmt: skip

    assert corrected.status == CaseStatus.CORRECTED
    assert corrected.data == {**before, "service_centre": "ЦОН Медеуского района, Достык 12"}
    corrected.application.refresh_from_db()
    assert (
        corrected.application.data["passport"]["service_centre"]
        == "ЦОН Медеуского района, Достык 12"
    )
    assert corrected.application.status == ApplicationStatus.IN_REVIEW
    assert [c.status for c in corrected.history.all()][-2:] == ["sent_back", "corrected"]
    assert corrected.history.last().actor_id == case.application.citizen_id
    decide_case(case=corrected, officer=officer_of(case.agency), approve=True, channel="test")
    corrected.refresh_from_db()
    assert corrected.status == CaseStatus.APPROVED


def test_the_deadline_moves_by_the_working_days_spent_in_correction(monkeypatch):
    case = submitted_case()
    due = case.due_date
    correction = sent_back(case)
    # the citizen answers on the fifth working day after it was sent back
    later = add_working_days(timezone.localdate(), 5)
    moment = timezone.make_aware(datetime.datetime.combine(later, datetime.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None: timezone.localtime(value or moment).date()
    )  # the local date, as Django gives it (after 19:00 UTC it is tomorrow in Almaty)

    corrected = resubmit_correction(
        case=case, citizen=case.application.citizen,
        data={"service_centre": "ЦОН Медеуского района, Достык 12"}, channel="portal",
    )  # fmt: skip

    correction.refresh_from_db()
    assert correction.paused_working_days == 5
    assert corrected.due_date == add_working_days(due, 5)
    assert corrected.time_in_correction == moment - correction.sent_at


def test_only_the_named_fields_can_be_changed_and_one_must_change():
    case = submitted_case()
    sent_back(case)
    citizen = case.application.citizen

    with pytest.raises(Invalid) as not_named:
        resubmit_correction(case=case, citizen=citizen, data={"reason": "lost"}, channel="api")
    assert [(p.field, p.code) for p in not_named.value.problems] == [
        ("data.passport.reason", "correction.not_requested")
    ]
    same = {"service_centre": case.data["service_centre"]}
    with pytest.raises(Invalid) as unchanged:
        resubmit_correction(case=case, citizen=citizen, data=same, channel="api")
    assert unchanged.value.code == "correction.unchanged"
    with pytest.raises(Invalid) as wrong:
        resubmit_correction(case=case, citizen=citizen, data={"service_centre": "x" * 201},
                            channel="api")  # fmt: skip
    assert [p.code for p in wrong.value.problems] == ["max_length"]
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_BACK


def test_another_citizen_cannot_correct_and_a_case_is_corrected_once():
    case = submitted_case()
    sent_back(case)
    with pytest.raises(NotFound):
        resubmit_correction(case=case, citizen=stranger(), data={}, channel="api")
    data = {"service_centre": "ЦОН Медеуского района, Достык 12"}
    resubmit_correction(case=case, citizen=case.application.citizen, data=data, channel="api")
    with pytest.raises(Conflict) as again:
        resubmit_correction(case=case, citizen=case.application.citizen, data=data, channel="api")
    assert again.value.code == "correction.not_sent_back"


def test_what_an_officer_sends_back_is_checked():
    case = submitted_case()
    officer = officer_of(case.agency)
    with pytest.raises(Invalid) as empty:
        send_back(case=case, officer=officer, fields=[], message=" ", channel="backoffice")
    assert [p.code for p in empty.value.problems] == [
        "correction.fields_required", "correction.message_required"
    ]  # fmt: skip
    with pytest.raises(Invalid) as unknown:
        send_back(case=case, officer=officer, fields=["colour"], message="x", channel="bo")
    assert unknown.value.problems[0].params == {"name": "colour"}
    with pytest.raises(Forbidden):
        send_back(case=case, officer=OfficerFactory(agency=Agency.objects.get(slug="health")),
                  fields=["reason"], message="x",
                  channel="backoffice")  # fmt: skip
    sent_back(case)
    with pytest.raises(Conflict) as twice:
        sent_back(case)
    assert twice.value.code == "correction.already_sent_back"
    with pytest.raises(Conflict):  # no decision while the citizen corrects
        decide_case(case=case, officer=officer, approve=True, channel="test")


def test_a_decided_case_or_a_service_without_a_term_cannot_be_sent_back():
    decided = ApplicationFactory(approved=True).cases.get()
    with pytest.raises(Conflict) as done:
        sent_back(decided)
    assert done.value.code == "case.already_decided"
    other = ApplicationFactory(service="residence-registration", submitted=True).cases.get()
    with pytest.raises(Conflict) as not_offered:
        sent_back(other, fields=("apartment",))
    assert not_offered.value.code == "correction.not_offered"


def test_a_correction_not_made_in_time_rejects_the_case_once():
    case = submitted_case(language="en")
    correction = sent_back(case)
    on_the_last_day = correction.term_ends
    assert end_uncorrected_cases(today=on_the_last_day) == 0  # the last day is the citizen's

    after = on_the_last_day + datetime.timedelta(days=1)
    assert end_uncorrected_cases(today=after) == 1
    assert end_uncorrected_cases(today=after) == 0  # once

    case.refresh_from_db()
    correction.refresh_from_db()
    assert case.status == CaseStatus.REJECTED and correction.outcome == "expired"
    assert "not corrected within 10 working days" in case.decision_reason
    assert case.application.status == ApplicationStatus.REJECTED
    assert case.history.last().actor is None and case.history.last().channel == "system"
    told = Notification.objects.filter(kind="case.decided", case=case)
    assert told.count() == 1 and "Rejected: " in told.get().subject
    with pytest.raises(Conflict):
        resubmit_correction(case=case, citizen=case.application.citizen,
                            data={"service_centre": "x"}, channel="api")  # fmt: skip


def test_a_withdrawn_application_is_not_ended_again():
    case = submitted_case()
    correction = sent_back(case)
    withdraw_application(application=case.application, citizen=case.application.citizen,
                         channel="portal")  # fmt: skip
    assert end_uncorrected_cases(today=correction.term_ends + datetime.timedelta(days=1)) == 0
    case.refresh_from_db()
    correction.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and correction.outcome == "withdrawn"


def test_a_case_is_sent_back_no_more_times_than_the_catalogue_allows():
    case = submitted_case(language="ru")
    case.service.definition["correction"]["max_rounds"] = 1
    case.service.save(update_fields=["definition"])
    sent_back(case)
    centre = {"service_centre": "ЦОН Алматинского района"}
    resubmit_correction(case=case, citizen=case.application.citizen, data=centre,
                        channel="portal")  # fmt: skip
    with pytest.raises(Conflict) as refused:
        sent_back(case)
    assert (refused.value.code, refused.value.params) == ("correction.rounds_used", {"limit": 1})
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED
    assert case.corrections.count() == 1


def test_without_a_limit_a_case_is_sent_back_again_after_each_correction():
    case = submitted_case(language="ru")
    for centre in ("ЦОН Алматинского района", "ЦОН Есильского района"):
        sent_back(case)
        resubmit_correction(case=case, citizen=case.application.citizen,
                            data={"service_centre": centre}, channel="portal")  # fmt: skip
    sent_back(case)
    assert case.corrections.count() == 3


class CentreOpen(AutomaticCheck):
    """A check of the test's own: the centre named is not one that is closed."""

    name = "centre-open"
    inputs = ("centre",)
    passed = {"kk": "ХҚКО ашық.", "ru": "ЦОН открыт.", "en": "The centre is open."}
    failed = {"kk": "Бұл ХҚКО жабық.", "ru": "Этот ЦОН закрыт.", "en": "That centre is closed."}

    def holds(self, *, applicant: Any, other: Any, centre: str = "", **_: Any) -> bool:
        return "закрыт" not in centre


def test_a_correction_a_rejecting_check_fails_on_is_refused_saying_why():
    case = submitted_case(language="ru")
    steps = case.service.definition["steps"]
    check = {"kind": "check", "check": "centre-open", "inputs": {"centre": "service_centre"},
             "on_fail": "reject"}  # fmt: skip
    case.service.definition["steps"] = [check, *steps]
    case.service.save(update_fields=["definition"])
    registry = CheckRegistry()
    registry.register(CentreOpen)
    sent_back(case)
    citizen = case.application.citizen
    with pytest.raises(Invalid) as refused:
        resubmit_correction(case=case, citizen=citizen, channel="portal", checks=registry,
                            data={"service_centre": "ЦОН №3 (закрыт)"})  # fmt: skip
    [problem] = refused.value.problems
    expected = ("data.passport.service_centre", "correction.check_failed")
    assert (problem.field, problem.code) == expected
    assert render(problem.code, problem.params, "en") == (
        "The corrected application cannot be accepted: That centre is closed. Correct it again "
        "within the term."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_BACK  # still the citizen's to correct
    resubmit_correction(case=case, citizen=citizen, channel="portal", checks=registry,
                        data={"service_centre": "ЦОН №1"})  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED
