"""A citizen appeals a decision (or complains about a delay) within the catalogue's term; an
officer of the appeals body with the role ``appeals`` decides it: upheld reverses the decision,
dismissed tells the citizen why."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from qyzmet.applications.models import CaseStatus
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeal_models import AppealKind, AppealOutcome
from qyzmet.casework.appeal_selectors import appeals_by_service, appeals_queue
from qyzmet.casework.appeals import appeal_offered, decide_appeal, file_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.workdays import add_working_days
from qyzmet.notifications.models import Notification
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db

REASONS = "Мне отказали, хотя все документы были в порядке."


def decided_case(decision: str = "rejected", **citizen: Any) -> Any:
    application = ApplicationFactory(citizen=CitizenFactory(**citizen), **{decision: True})
    return application.cases.get()


def appeals_officer(agency: Any, username: str = "") -> Any:
    officer = OfficerFactory(agency=agency, username=username or f"appeals-{agency.slug}")
    grant_role(officer=officer, role="appeals")
    return officer


def appealed(case: Any, reasons: str = REASONS) -> Any:
    return file_appeal(
        case=case, citizen=case.application.citizen, reasons=reasons, channel="portal"
    )


def test_a_citizen_appeals_a_rejection_and_the_appeals_body_is_told_by_when_to_decide():
    case = decided_case(language="ru")

    appeal = appealed(case)

    assert appeal.kind == AppealKind.DECISION and appeal.decision == CaseStatus.REJECTED
    assert appeal.body == case.agency  # no higher body named in the catalogue
    assert appeal.due_date == add_working_days(timezone.localdate(), 20)  # catalogue default
    assert appeal.reasons == {"written": REASONS, "language": "ru"}
    assert case.history.last().status == "appealed"
    told = Notification.objects.get(kind="case.appealed", recipient=case.application.citizen)
    assert "жалоба" in told.body.lower()
    assert AuditRecord.objects.filter(action="case.appealed", object_id=str(case.pk)).exists()
    assert list(appeals_queue(officer=appeals_officer(case.agency))) == [appeal]


def test_an_upheld_appeal_reverses_the_decision_and_the_case_awaits_a_new_one():
    case = decided_case(language="en")
    appeal = appealed(case)

    decided = decide_appeal(
        appeal=appeal, officer=appeals_officer(case.agency), outcome="upheld",
        reason="The documents were complete.", channel="backoffice",
    )  # fmt: skip

    case.refresh_from_db()
    assert decided.outcome == AppealOutcome.UPHELD
    assert decided.reversal is not None and decided.reversal.ground == "appeal_upheld"
    assert case.status == CaseStatus.REVERSED
    assert [c.status for c in case.history.all()][-2:] == ["reversed", "appeal_upheld"]
    told = Notification.objects.get(kind="case.reversed", recipient=case.application.citizen)
    assert "Appeal upheld" in told.body and "The documents were complete." in told.body
    assert not appeals_queue(officer=decided.officer).exists()


def test_an_appeal_cannot_reverse_a_decision_taken_after_it_was_filed():
    # The rejection appealed was reversed by a supervisor and the case approved since: an
    # appeals officer upholding the old appeal must not reverse the approval nobody appealed.
    from qyzmet.accounts.officers import allow_reversals
    from qyzmet.applications.decisions import decide_case
    from qyzmet.applications.reversals import reverse_case

    case = decided_case()
    appeal = appealed(case)
    supervisor = allow_reversals(officer=OfficerFactory(agency=case.agency), channel="test")
    reverse_case(case=case, officer=supervisor, ground="new_facts", reason="New facts.",
                 channel="backoffice")  # fmt: skip
    decide_case(case=case, officer=supervisor, approve=True, reason="", channel="backoffice")

    with pytest.raises(Conflict) as refused:
        decide_appeal(appeal=appeal, officer=appeals_officer(case.agency), outcome="upheld",
                      reason="The documents were complete.", channel="backoffice")  # fmt: skip

    assert refused.value.code == "appeal.decision_changed"
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.reversals.count() == 1


def test_a_dismissed_appeal_tells_the_citizen_the_reasons_and_keeps_the_decision():
    case = decided_case("approved", language="kk")
    appeal = appealed(case)

    decide_appeal(
        appeal=appeal, officer=appeals_officer(case.agency), outcome="dismissed",
        reason="Шешім заңға сәйкес.", channel="backoffice",
    )  # fmt: skip

    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    told = Notification.objects.get(kind="case.appeal_decided", recipient=case.application.citizen)
    assert "Шешім заңға сәйкес." in told.body
    assert appeal_offered(case) == AppealKind.DECISION  # within the term, it may appeal again


def test_an_appeal_after_the_term_is_refused_naming_the_last_day():
    case = decided_case()
    case.decided_at = timezone.now() - datetime.timedelta(days=91)
    case.save(update_fields=["decided_at"])

    with pytest.raises(Conflict) as refused:
        appealed(case)

    assert refused.value.code == "appeal.term_passed"
    last_day = timezone.localdate(case.decided_at) + datetime.timedelta(days=90)
    assert str(last_day.year) in str(refused.value.params["last_day"])
    assert appeal_offered(case) is None


def test_a_form_sent_twice_files_one_appeal():
    case = decided_case()
    appealed(case)

    with pytest.raises(Conflict) as refused:
        appealed(case)

    assert refused.value.code == "appeal.already_open"
    assert case.appeals.count() == 1


def test_an_appeal_filed_meanwhile_by_a_concurrent_request_is_a_conflict_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
):
    # Two requests that both read "no open appeal" before either wrote (a database that does
    # not hold the second back at the row lock): the constraint refuses the second one.
    case = decided_case()
    appealed(case)
    monkeypatch.setattr("qyzmet.casework.appeals.open_appeal_exists", lambda case: False)

    with pytest.raises(Conflict) as refused:
        appealed(case)

    assert refused.value.code == "appeal.already_open"
    assert case.appeals.count() == 1


def test_reasons_are_required_and_another_citizen_finds_nothing():
    case = decided_case()

    with pytest.raises(Invalid) as empty:
        appealed(case, reasons="  ")
    with pytest.raises(NotFound):
        file_appeal(case=case, citizen=CitizenFactory(iin="900101300123"), reasons=REASONS,
                    channel="portal")  # fmt: skip

    assert [p.code for p in empty.value.problems] == ["appeal.reasons_required"]


def test_a_complaint_about_delay_only_once_the_case_is_late():
    application = ApplicationFactory(citizen=CitizenFactory(), submitted=True)
    case = application.cases.get()

    with pytest.raises(Conflict) as early:
        appealed(case, reasons="Срок прошёл.")
    case.due_date = timezone.localdate() - datetime.timedelta(days=1)
    case.save(update_fields=["due_date"])
    complaint = appealed(case, reasons="Срок прошёл.")
    decided = decide_appeal(
        appeal=complaint, officer=appeals_officer(case.agency), outcome="upheld",
        reason="Ведомству поручено решить сегодня.", channel="backoffice",
    )  # fmt: skip

    assert early.value.code == "appeal.not_late"
    assert complaint.kind == AppealKind.DELAY and decided.reversal is None
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED  # still awaits its decision
    told = Notification.objects.get(kind="case.appeal_decided", recipient=application.citizen)
    assert "Ведомству поручено решить сегодня." in told.body


def test_only_officers_of_the_appeals_body_with_the_role_decide():
    case = decided_case()
    appeal = appealed(case)
    plain = OfficerFactory(agency=case.agency, username="plain-officer")
    other = appeals_officer(Agency.objects.exclude(pk=case.agency_id).first())

    for officer, refused in ((plain, Forbidden), (other, NotFound)):  # no oracle for others
        with pytest.raises(refused):
            decide_appeal(appeal=appeal, officer=officer, outcome="upheld", reason="x",
                          channel="backoffice")  # fmt: skip

    assert AuditRecord.objects.filter(action="appeal.access_denied").count() == 2
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED


def test_a_higher_body_named_in_the_catalogue_decides_the_appeals():
    case = decided_case()
    higher = Agency.objects.exclude(pk=case.agency_id).first()
    Agency.objects.filter(pk=case.agency_id).update(appeals_decided_by=higher.slug)
    case.agency.refresh_from_db()

    appeal = appealed(case)
    with pytest.raises(Forbidden):
        decide_appeal(appeal=appeal, officer=appeals_officer(case.agency), outcome="upheld",
                      reason="x", channel="backoffice")  # fmt: skip
    decide_appeal(appeal=appeal, officer=appeals_officer(higher), outcome="upheld",
                  reason="Upheld by the ministry.", channel="backoffice")  # fmt: skip

    case.refresh_from_db()
    assert appeal.body == higher and case.status == CaseStatus.REVERSED


def test_an_appeal_is_decided_once():
    case = decided_case()
    appeal = appealed(case)
    officer = appeals_officer(case.agency)
    decide_appeal(appeal=appeal, officer=officer, outcome="dismissed", reason="No.",
                  channel="backoffice")  # fmt: skip

    with pytest.raises(Conflict) as again:
        decide_appeal(appeal=appeal, officer=officer, outcome="upheld", reason="Yes.",
                      channel="backoffice")  # fmt: skip

    assert again.value.code == "appeal.already_decided"


def test_statistics_count_appeals_per_service_and_how_many_were_upheld():
    officer = None
    for outcome in ("upheld", "dismissed", "upheld"):
        case = decided_case()
        officer = officer or appeals_officer(case.agency)
        decide_appeal(appeal=appealed(case), officer=officer, outcome=outcome, reason="r",
                      channel="backoffice")  # fmt: skip
    appealed(decided_case())

    (row,) = appeals_by_service()

    assert (row.filed, row.upheld, row.dismissed, row.open) == (4, 2, 1, 1)
    assert row.upheld_share == pytest.approx(2 / 3)
