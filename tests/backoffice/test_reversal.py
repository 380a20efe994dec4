"""A supervisor reverses a decision from the case page: on a ground from the list, with a
reason; the case awaits a new decision and its document verifies as revoked."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.models import ApplicationStatus, CaseStatus, Reversal
from qyzmet.audit.models import AuditRecord
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import issue_result_document
from qyzmet.notifications.models import Notification
from tests.backoffice.conftest import sign_in_as
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db

REASON = "The appeal commission found the address was read wrongly."


@pytest.fixture
def supervisor(officer: Any) -> Any:
    return allow_reversals(officer=officer, channel="test")


@pytest.fixture
def approved(db: Any) -> Any:
    citizen = CitizenFactory(language="kk")
    case = ApplicationFactory(citizen=citizen, service="passport", approved=True).cases.get()
    issue_result_document(case=case)
    return case


def reverse(client: Any, case: Any, ground: str = "appeal_upheld", reason: str = REASON) -> Any:
    data = {"reversal-ground": ground, "reversal-reason": reason}
    return client.post(f"/back-office/cases/{case.pk}/reversal/", data, follow=True)


def test_a_supervisor_reverses_an_approval_and_the_document_verifies_as_revoked(
    client, supervisor, approved
):
    sign_in_as(client, supervisor)
    assert (
        "Reverse the decision" in client.get(f"/back-office/cases/{approved.pk}/").content.decode()
    )

    response = reverse(client, approved)

    assert "The decision is reversed; the case awaits a new decision." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == CaseStatus.REVERSED
    assert approved.application.status == ApplicationStatus.IN_REVIEW
    assert "decision reversed" in response.content.decode()  # the status and the history
    assert AuditRecord.objects.filter(action="case.reversed", object_id=str(approved.pk)).exists()
    told = Notification.objects.get(kind="case.reversed", case=approved, channel="inbox")
    assert told.subject.startswith("Шешімнің күші жойылды") and REASON in told.body

    document = ResultDocument.objects.get(case=approved)
    verify = client.get(f"/verify/{document.pk}/").content.decode()
    assert "revoked" in verify.lower() and REASON not in verify  # the ground only


def test_the_reversed_case_is_back_in_the_queue_for_a_new_decision(
    client, supervisor, approved, in_language
):
    sign_in_as(client, supervisor)
    reverse(client, approved)
    in_language("ru")
    page = client.get(f"/back-office/cases/{approved.pk}/").content.decode()
    assert 'value="approve"' in page and "Отменить решение" not in page
    document = ResultDocument.objects.get(case=approved)
    assert "Отменённые решения" in page and "Жалоба удовлетворена" in page and REASON in page
    assert f"Документ {document.pk} отозван." in page
    assert "отменил(а) решение «одобрено» — Жалоба удовлетворена." in page
    queue = client.get("/back-office/?status=reversed").content.decode()
    assert approved.application.reference in queue
    assert approved.application.reference in client.get("/back-office/").content.decode()  # open


def test_an_officer_without_the_permission_sees_no_form_and_is_refused(
    signed_in, approved, in_language
):
    assert (
        "Reverse the decision"
        not in signed_in.get(f"/back-office/cases/{approved.pk}/").content.decode()
    )
    in_language("ru")
    response = reverse(signed_in, approved)
    assert response.status_code == 403
    assert "У вас нет права отменять решения." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == CaseStatus.APPROVED


def test_a_supervisor_of_another_agency_is_refused(client, other_officer, approved):
    sign_in_as(client, allow_reversals(officer=other_officer, channel="test"))
    assert reverse(client, approved).status_code == 403
    approved.refresh_from_db()
    assert approved.status == CaseStatus.APPROVED


def test_a_missing_reason_and_an_unknown_ground_are_named_and_the_text_kept(
    client, supervisor, approved, in_language
):
    sign_in_as(client, supervisor)
    in_language("kk")
    response = reverse(client, approved, ground="", reason="   ")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Шешімнің күшін жою негізін таңдаңыз." in page
    assert "Шешімнің күшін жою себебін жазыңыз: оны азамат оқиды." in page

    response = reverse(client, approved, ground="whim", reason="Kept as typed")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Мұндай негіз жоқ." in page and ">\nKept as typed</textarea>" in page
    approved.refresh_from_db()
    assert approved.status == CaseStatus.APPROVED
    assert not Reversal.objects.exists()


def test_a_double_submitted_form_reverses_once(client, supervisor, approved):
    sign_in_as(client, supervisor)
    reverse(client, approved)
    again = reverse(client, approved)
    assert "The decision on this case has already been reversed" in again.content.decode()
    assert Reversal.objects.filter(case=approved).count() == 1
    assert Notification.objects.filter(kind="case.reversed", channel="inbox").count() == 1


def test_a_case_without_a_decision_cannot_be_reversed(client, supervisor):
    case = ApplicationFactory(service="passport", submitted=True).cases.get()
    sign_in_as(client, supervisor)
    response = reverse(client, case)
    assert "This case has no decision: there is nothing to reverse." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_the_citizen_sees_the_reversal_and_the_revoked_document_in_their_language(
    client, supervisor, approved, settings
):
    from qyzmet.applications.reversals import reverse_case

    reverse_case(
        case=approved, officer=supervisor, ground="appeal_upheld", reason=REASON, channel="test"
    )
    client.force_login(approved.application.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    page = client.get(f"/applications/{approved.application.pk}/").content.decode()
    assert "Шешімнің күші жойылды" in page
    # the history line: the ground in the page's language, the reason as written, marked
    assert f'Шағым қанағаттандырылды: <span lang="en">{REASON}</span>' in page
    assert "Қызметкер ағылшын тілінде жазған." in page
    document = ResultDocument.objects.get(case=approved)
    assert document.pk in page and "Нәтиже құжатын жүктеп алу" not in page


def test_the_reason_is_shown_with_the_language_it_was_stored_with(
    client, supervisor, approved, in_language
):
    from qyzmet.applications.reversals import reverse_case

    reason = "Решение суда № 2-1234 отменило отказ."
    reverse_case(case=approved, officer=supervisor, ground="court_ruling", reason=reason,
                 channel="test")  # fmt: skip
    sign_in_as(client, supervisor)
    in_language("en")
    page = client.get(f"/back-office/cases/{approved.pk}/").content.decode()
    assert page.count(f'<span lang="ru">{reason}</span>') == 2  # the reversal and its history line
    assert page.count("Written by the officer in Russian.") == 2

    Reversal.objects.filter(case=approved).update(reason_language="kk")  # what was stored wins
    client.force_login(approved.application.citizen)
    in_language("ru")
    page = client.get(f"/applications/{approved.application.pk}/").content.decode()
    assert f'Решение суда: <span lang="kk">{reason}</span>' in page
    assert "Написано сотрудником на казахском языке." in page
    in_language("kk")
    page = client.get(f"/applications/{approved.application.pk}/").content.decode()
    assert f"Сот шешімі: {reason}" in page and "жазған" not in page
