"""The queue shows the officer's agency's cases only, filtered and ordered by due date, and
assigns ticked cases to an officer of the same agency."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from qyzmet.applications.models import Case, CaseStatus
from qyzmet.backoffice.presenters import reference
from qyzmet.core.identifiers import masked_iin
from tests.factories import ApplicationFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def passport_case(**traits):
    return ApplicationFactory(service="passport", **traits).cases.get()


def shown_cases(response):
    return re.findall(r'href="/back-office/cases/([0-9a-f-]{36})/"', response.content.decode())


def test_the_queue_shows_only_the_officers_agency(signed_in):
    own = passport_case(submitted=True)
    other = ApplicationFactory(service="polyclinic-attachment", submitted=True).cases.get()
    assert other.agency.slug != "internal-affairs"
    shown = shown_cases(signed_in.get("/back-office/"))
    assert str(own.pk) in shown
    assert str(other.pk) not in shown


def test_the_queue_shows_the_open_cases_unless_asked_for_decided_ones(signed_in):
    waiting, in_review = passport_case(submitted=True), passport_case(in_review=True)
    approved, rejected = passport_case(approved=True), passport_case(rejected=True)
    open_ones = {str(waiting.pk), str(in_review.pk)}
    decided = {str(approved.pk), str(rejected.pk)}
    assert set(shown_cases(signed_in.get("/back-office/"))) == open_ones
    assert set(shown_cases(signed_in.get("/back-office/", {"status": "decided"}))) == decided
    every = set(shown_cases(signed_in.get("/back-office/", {"status": "any"})))
    assert every == open_ones | decided


def test_namesakes_are_told_apart_by_reference_iin_service_and_due_date(signed_in, in_language):
    cases = [passport_case(submitted=True), passport_case(submitted=True)]
    cases.append(ApplicationFactory(service="id-card", submitted=True).cases.get())
    for case in cases:
        citizen = case.application.citizen
        citizen.first_name, citizen.last_name = "Темирлан", "Бекетов"
        citizen.save()
    in_language("ru")
    page = signed_in.get("/back-office/").content.decode()
    rows = re.findall(r"<tr[^>]*>\s*<td[^>]*><input.*?</tr>", page, re.S)
    assert len(rows) == 3
    for case in cases:
        row = next(row for row in rows if str(case.pk) in row)
        assert "Темирлан Бекетов" in row
        assert reference(case) in row
        assert masked_iin(case.application.citizen.iin) in row
        assert case.application.citizen.iin not in row  # the whole IIN is on the case page only
        assert f"{case.due_date.day} " in row and str(case.due_date.year) in row
    assert "Выдача паспорта" in page and "удостоверения личности" in page


def test_the_status_filter(signed_in):
    waiting = passport_case(submitted=True)
    decided = passport_case(approved=True)
    shown = shown_cases(signed_in.get("/back-office/", {"status": "approved"}))
    assert str(decided.pk) in shown and str(waiting.pk) not in shown


def test_the_service_filter(signed_in):
    passport = passport_case(submitted=True)
    id_card = ApplicationFactory(service="id-card", submitted=True).cases.get()
    shown = shown_cases(signed_in.get("/back-office/", {"service": "id-card"}))
    assert str(id_card.pk) in shown and str(passport.pk) not in shown


def test_overdue_cases_are_marked_in_words_and_can_be_filtered(signed_in):
    late = passport_case(submitted=True)
    on_time = passport_case(submitted=True)
    Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(1))
    response = signed_in.get("/back-office/", {"overdue": "on"})
    assert shown_cases(response) == [str(late.pk)]
    assert on_time.pk not in shown_cases(response)
    assert '<strong class="overdue">overdue</strong>' in response.content.decode()


def test_assigned_to_me(signed_in, officer):
    mine = passport_case(in_review=True)  # assigned to officer-internal-affairs
    colleague = OfficerFactory(username="colleague", agency=officer.agency)
    theirs = passport_case(submitted=True)
    Case.objects.filter(pk=theirs.pk).update(assigned_to=colleague)
    shown = shown_cases(signed_in.get("/back-office/", {"mine": "on"}))
    assert mine.assigned_to == officer
    assert str(mine.pk) in shown and str(theirs.pk) not in shown


def test_sorted_by_due_date_either_way(signed_in):
    soon, later = passport_case(submitted=True), passport_case(submitted=True)
    today = timezone.localdate()
    Case.objects.filter(pk=soon.pk).update(due_date=today + datetime.timedelta(2))
    Case.objects.filter(pk=later.pk).update(due_date=today + datetime.timedelta(9))
    assert shown_cases(signed_in.get("/back-office/")) == [str(soon.pk), str(later.pk)]
    latest_first = shown_cases(signed_in.get("/back-office/", {"sort": "-due"}))
    assert latest_first == [str(later.pk), str(soon.pk)]


def test_the_queue_comes_in_pages(signed_in, monkeypatch):
    monkeypatch.setattr("qyzmet.backoffice.views.queue.PER_PAGE", 2)
    cases = [passport_case(submitted=True) for _ in range(3)]
    first = signed_in.get("/back-office/")
    assert len(shown_cases(first)) == 2 and "Page 1 of 2" in first.content.decode()
    second = signed_in.get("/back-office/", {"page": 2})
    assert shown_cases(second) == [str(cases[-1].pk)]


def test_bulk_assignment_reports_each_case(signed_in, officer):
    colleague = OfficerFactory(username="colleague-ia", agency=officer.agency)
    waiting = passport_case(submitted=True)
    decided = passport_case(approved=True)
    response = signed_in.post(
        "/back-office/?status=",
        {"cases": [waiting.pk, decided.pk], "assignee": colleague.pk},
        follow=True,
    )
    page = response.content.decode()
    waiting.refresh_from_db()
    assert waiting.assigned_to == colleague and waiting.status == CaseStatus.IN_REVIEW
    assert f"Case {reference(waiting)} is assigned to colleague-ia." in page
    refused = "was not assigned: This case has already been decided."
    assert f"Case {reference(decided)} {refused}" in page


def test_bulk_assignment_refuses_an_officer_of_another_agency(signed_in, other_officer):
    waiting = passport_case(submitted=True)
    response = signed_in.post(
        "/back-office/", {"cases": [waiting.pk], "assignee": other_officer.pk}
    )
    assert response.status_code == 400
    assert 'href="#id_assignee"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.assigned_to is None


def test_bulk_assignment_without_a_case_shows_the_error_and_keeps_the_choice(signed_in, officer):
    passport_case(submitted=True)
    response = signed_in.post("/back-office/", {"assignee": officer.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_cases">Choose at least one case to assign.</a>' in page
    assert f'<option value="{officer.pk}" selected>' in page


def test_bulk_assignment_of_another_agencys_case_is_refused_and_audited(signed_in, officer):
    from qyzmet.audit.models import AuditRecord

    other = ApplicationFactory(service="polyclinic-attachment", submitted=True).cases.get()
    response = signed_in.post(
        "/back-office/", {"cases": [other.pk], "assignee": officer.pk}, follow=True
    )
    assert "This case belongs to another agency." in response.content.decode()
    other.refresh_from_db()
    assert other.assigned_to_id != officer.pk
    assert AuditRecord.objects.filter(action="case.access_denied", object_id=str(other.pk)).exists()


def test_the_queue_speaks_kazakh(signed_in, in_language):
    late = passport_case(submitted=True)
    Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(1))
    in_language("kk")
    page = signed_in.get("/back-office/").content.decode()
    assert '<html lang="kk">' in page
    assert "Кезек" in page and "Өтініш беруші" in page
    assert '<strong class="overdue">мерзімі өтті</strong>' in page
    assert "Қазақстан Республикасы азаматының паспортын беру" in page
