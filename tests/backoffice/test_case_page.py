"""The case page shows what the officer decides on, and takes the decision: approve, or reject
with a reason the citizen reads in their own language."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import ApplicationStatus, CaseStatus
from qyzmet.audit.models import AuditRecord
from qyzmet.backoffice.presenters import reference
from qyzmet.catalog.reasons import ReasonTemplate
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.verification import verify_document_file
from tests.factories import ApplicationFactory
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return ApplicationFactory(service="passport", submitted=True).cases.get()


def url(case, action=""):
    return f"/back-office/cases/{case.pk}/{action}"


def test_the_case_page_shows_the_application_data_the_extract_and_the_history(signed_in, case):
    page = signed_in.get(url(case)).content.decode()
    assert "Issuing a Kazakhstan passport" in page
    assert "Public service centre for the photo and collection" in page  # the form's x-label
    assert "Full name" in page and "Population registry" in page  # extract with its registry
    assert "History" in page and "submitted" in page


def test_the_case_page_speaks_the_officers_language(signed_in, case, in_language):
    in_language("ru")
    page = signed_in.get(url(case)).content.decode()
    assert "Выдача паспорта гражданина Республики Казахстан" in page
    assert "ЦОН, где сфотографируют и выдадут документ" in page
    assert "Регистр населения" in page


def test_assign_to_me(signed_in, officer, case):
    response = signed_in.post(url(case, "assign/"), follow=True)
    case.refresh_from_db()
    assert case.assigned_to == officer and case.status == CaseStatus.IN_REVIEW
    assert "The case is assigned to you." in response.content.decode()


def test_approve(signed_in, case):
    response = signed_in.post(
        url(case, "decision/"), {"action": "approve", "confirm": "yes"}, follow=True
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert case.application.status == ApplicationStatus.APPROVED
    assert "The case is approved." in response.content.decode()
    assert AuditRecord.objects.filter(action="case.approved", object_id=str(case.pk)).exists()


def test_approving_issues_the_signed_document_in_the_background(signed_in, case):
    signed_in.post(url(case, "decision/"), {"action": "approve", "confirm": "yes"})
    assert not ResultDocument.objects.filter(case=case).exists()  # not in the request
    run_jobs()
    document = ResultDocument.objects.get(case=case)
    assert verify_document_file(bytes(document.pdf)).authentic
    assert document.pk in signed_in.get(url(case)).content.decode()


def test_rejecting_without_a_reason_shows_the_error_and_keeps_what_was_typed(
    signed_in, case, in_language
):
    in_language("kk")
    typed = "   \n   "
    response = signed_in.post(url(case, "decision/"), {"action": "reject", "reason": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_reason">Бас тарту себебін көрсетіңіз.</a>' in page  # error summary
    assert 'aria-invalid="true"' in page
    assert f">\n{typed}</textarea>" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_too_long_reason_keeps_the_text_and_says_why(signed_in, case):
    typed = "The photo is blurred. " * 100
    response = signed_in.post(url(case, "decision/"), {"action": "reject", "reason": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The reason can have at most 2000 characters." in page
    assert typed.strip() in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_the_officer_reads_the_templates_whole_in_their_own_language(
    signed_in, case, reason_templates, in_language
):
    case.application.citizen.language = "kk"
    case.application.citizen.save()
    in_language("ru")
    page = signed_in.get(url(case)).content.decode()
    template = ReasonTemplate.objects.get(agency=case.agency, slug="data-mismatch")
    assert template.text["ru"] in page  # whole: no "…" cutting it
    assert template.text["kk"] not in page
    assert "Фотография не соответствует требованиям." in page  # the passport's own template
    assert "(Қазақша)" in page  # the officer is told which language the citizen reads


def test_reject_with_a_template_reason(signed_in, case, reason_templates):
    case.application.citizen.language = "en"
    case.application.citizen.save()
    template = ReasonTemplate.objects.get(agency=case.agency, slug="passport-photo")
    response = signed_in.post(
        url(case, "decision/"),
        {"action": "reject", "template": template.pk, "reason": "", "confirm": "yes"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert case.decision_reason == template.text["en"]
    assert case.reason_parts == [template.text]  # read later in whatever language is chosen
    assert case.application.status == ApplicationStatus.REJECTED
    assert "The case is rejected." in response.content.decode()


def test_the_officers_own_words_are_shown_as_written_and_marked_with_their_language(
    signed_in, client, case, reason_templates, in_language
):
    template = ReasonTemplate.objects.get(agency=case.agency, slug="passport-photo")
    own = "Фото сделано в тёмных очках."
    signed_in.post(
        url(case, "decision/"),
        {"action": "reject", "template": template.pk, "reason": own, "confirm": "yes"},
    )
    case.refresh_from_db()
    assert case.reason_parts == [template.text, {"written": own, "language": "ru"}]

    in_language("kk")
    citizen = case.application.citizen
    client.force_login(citizen)
    page = client.get(f"/applications/{case.application.pk}/").content.decode()
    assert template.text["kk"] in page
    assert f'<span lang="ru">{own}</span>' in page
    assert "Қызметкер орыс тілінде жазған." in page  # "written by the officer in Russian"
    inbox = client.get("/inbox/").content.decode()
    assert template.text["kk"] in inbox and f'<span lang="ru">{own}</span>' in inbox


def test_a_decided_case_cannot_be_decided_again(signed_in):
    case = ApplicationFactory(service="passport", approved=True).cases.get()
    page = signed_in.get(url(case)).content.decode()
    assert 'value="approve"' not in page
    response = signed_in.post(
        url(case, "decision/"), {"action": "reject", "reason": "Late"}, follow=True
    )
    assert "This case has already been decided." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_another_agencys_case_is_refused_with_403_and_audited(
    client, other_officer, case, in_language
):
    from tests.backoffice.conftest import sign_in_as

    sign_in_as(client, other_officer)
    in_language("ru")
    for response in (
        client.get(url(case)),
        client.post(url(case, "decision/"), {"action": "approve"}),
        client.post(url(case, "assign/")),
    ):
        assert response.status_code == 403
        assert "Это дело относится к другому ведомству." in response.content.decode()
    denied = AuditRecord.objects.filter(action="case.access_denied", object_id=str(case.pk))
    assert denied.count() == 3 and denied.first().actor == other_officer
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_an_unknown_case_is_not_found(signed_in):
    response = signed_in.get("/back-office/cases/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Case not found." in response.content.decode()


def test_the_data_come_before_the_decision(signed_in, case):
    page = signed_in.get(url(case)).content.decode()
    decision = page.index('id="decision-title"')
    for data in ("Application data", "Registry extract used", "Automatic checks"):
        assert page.index(data) < decision


def test_approving_asks_for_a_confirmation_first(signed_in, case):
    check = signed_in.post(url(case, "decision/"), {"action": "approve"})
    page = check.content.decode()
    assert check.status_code == 200
    assert f"Approve application {reference(case)}?" in page
    assert 'name="confirm" value="yes"' in page and "Yes, approve" in page
    assert f'href="{url(case)}">Cancel</a>' in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED  # nothing decided until confirmed
    assert not AuditRecord.objects.filter(action="case.approved", object_id=str(case.pk)).exists()


def test_rejecting_asks_for_a_confirmation_showing_the_reason(signed_in, case, in_language):
    in_language("ru")
    typed = "Фото размыто.\nПришлите новое."
    check = signed_in.post(url(case, "decision/"), {"action": "reject", "reason": typed})
    page = check.content.decode()
    assert f"Отказать по заявлению {reference(case)}?" in page
    assert "Фото размыто.<br>Пришлите новое." in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    changed = signed_in.post(
        url(case, "decision/"), {"action": "reject", "reason": typed, "change": "yes"}
    ).content.decode()
    assert f">\n{typed}</textarea>" in changed  # back to the form, nothing typed lost
    signed_in.post(url(case, "decision/"), {"action": "reject", "reason": typed, "confirm": "yes"})
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED and case.decision_reason == typed


def test_the_history_names_people_not_accounts(signed_in, officer, case, in_language):
    citizen = case.application.citizen
    citizen.first_name, citizen.last_name = "Темирлан", "Бекетов"
    citizen.save()
    officer.first_name, officer.last_name = "Айгерим", "Нурланова"
    officer.save()
    signed_in.post(url(case, "assign/"))
    in_language("ru")
    page = signed_in.get(url(case)).content.decode()
    history = page[page.index("<h2>История</h2>") :]
    assert "Заявитель: Темирлан Бекетов" in history
    assert "Сотрудник: Айгерим Нурланова" in history
    assert citizen.username not in history and "citizen-" not in history
