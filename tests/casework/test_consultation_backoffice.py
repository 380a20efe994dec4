"""In the back office: the case page names the consultation stage by its catalogue title and
the consulted agency; the consulted agency's officer finds it in their own list, reads only what
the answer needs, and answers; the case's officers read the answer; the queue filters the cases
waiting for another agency and the escalated ones."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qyzmet.accounts.officers import enroll_totp
from qyzmet.casework.escalations import escalate_due_cases
from qyzmet.casework.stages import decide_at_stage
from tests.backoffice.conftest import sign_in_as

pytestmark = pytest.mark.django_db


def browser_of(officer: Any, language: str = "en") -> Client:
    enroll_totp(officer=officer, channel="test")
    return sign_in_as(Client(HTTP_ACCEPT_LANGUAGE=language), officer)


def test_the_consulted_officer_answers_and_the_case_officers_read_it(
    funeral_case, clerk, registrar
):
    decide_at_stage(case=funeral_case, officer=clerk, approve=True, channel="backoffice")
    asking, consulted = browser_of(clerk), browser_of(registrar)

    shown = asking.get(f"/back-office/cases/{funeral_case.pk}/").content.decode()
    assert "Kinship confirmed by the civil registry (stage 2 of 3)" in shown
    assert "Consultation of another agency" in shown and "answers by" in shown
    assert "Sign off the approval" not in shown
    assert "decision prepared, waiting for sign-off" in shown

    listed = consulted.get("/back-office/consultations/").content.decode()
    assert funeral_case.application.reference in listed and "to answer" in listed
    consultation = funeral_case.consultations.get()
    page = consulted.get(f"/back-office/consultations/{consultation.pk}/").content.decode()
    iin = funeral_case.application.citizen.iin
    assert "We object to the prepared decision" in page
    assert iin not in page  # nor the applicant, the registry extract, the attachments

    empty = consulted.post(f"/back-office/consultations/{consultation.pk}/", {"answer": "object"})
    assert empty.status_code == 400 and "If you object, write why." in empty.content.decode()

    done = consulted.post(f"/back-office/consultations/{consultation.pk}/",
                          {"answer": "object", "note": "No marriage is registered."},
                          follow=True)  # fmt: skip
    assert "Your answer is sent" in done.content.decode()

    shown = asking.get(f"/back-office/cases/{funeral_case.pk}/").content.decode()
    assert "objects" in shown and "No marriage is registered." in shown
    assert "Sign-off (stage 3 of 3)" in shown


def test_the_case_page_of_another_agency_stays_closed_to_the_consulted(
    funeral_case, clerk, registrar
):
    decide_at_stage(case=funeral_case, officer=clerk, approve=True, channel="backoffice")

    refused = browser_of(registrar).get(f"/back-office/cases/{funeral_case.pk}/")

    assert refused.status_code == 403
    other = browser_of(clerk).get(
        f"/back-office/consultations/{funeral_case.consultations.get().pk}/"
    )
    assert other.status_code == 403


def test_the_queue_filters_cases_at_consultation_and_escalated_ones(funeral_case, clerk):
    decide_at_stage(case=funeral_case, officer=clerk, approve=True, channel="backoffice")
    officer = browser_of(clerk, "ru")
    reference = funeral_case.application.reference

    assert reference in officer.get("/back-office/?stage=consultation").content.decode()
    assert reference not in officer.get("/back-office/?stage=sign-off").content.decode()
    assert reference not in officer.get("/back-office/?escalated=on").content.decode()

    escalate_due_cases(today=funeral_case.due_date)

    escalated = officer.get("/back-office/?escalated=on").content.decode()
    assert reference in escalated and "передано руководителю" in escalated
    page = officer.get(f"/back-office/cases/{funeral_case.pk}/").content.decode()
    assert "законный срок близок" in page
