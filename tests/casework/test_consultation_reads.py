"""What the consulted agency reads, as review asked: the form's fields the stage names (the
civil registry reads the deceased's IIN and the relationship, never the applicant's IBAN), only
while the consultation is open; afterwards its question and answer alone. Another agency's
officer finds no consultation, as for an unknown id; each opening names its tracker line."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.api.consultations import consultation_detail
from qyzmet.applications.services import withdraw_application
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.casework.consultation_models import Consultation, ConsultationOutcome
from qyzmet.casework.consultation_reads import consulted_data, consulted_fields
from qyzmet.casework.consultations import answer_consultation, consultation_for_officer
from qyzmet.casework.stages import decide_at_stage
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import NotFound
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.proofs import ON_REQUEST, access_proof
from tests.casework.test_consultation_backoffice import browser_of
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def asked_of(case: Any, clerk: Any) -> Consultation:
    decide_at_stage(case=case, officer=clerk, approve=True, reason="", channel="backoffice")
    return Consultation.objects.get(case=case, outcome=ConsultationOutcome.OPEN)


def opened(consultation: Any, officer: Any) -> Consultation:
    return consultation_for_officer(officer=officer, consultation_id=consultation.pk,
                                    channel="api")  # fmt: skip


def test_while_open_the_registry_reads_the_kinship_fields_and_never_the_iban(
    funeral_case, clerk, registrar
):
    read = consultation_detail(opened(asked_of(funeral_case, clerk), registrar))

    assert set(read["data"]) == {"deceased_iin", "relationship"}
    assert read["data"]["relationship"] == funeral_case.data["relationship"]
    assert "iban" in funeral_case.data and funeral_case.data["iban"] not in str(read)


def test_the_back_office_page_shows_the_named_fields_alone(funeral_case, clerk, registrar):
    consultation = asked_of(funeral_case, clerk)

    page = browser_of(registrar).get(f"/back-office/consultations/{consultation.pk}/")

    shown = page.content.decode()
    assert "Your relationship to the deceased" in shown and "IIN of the deceased" in shown
    assert "IBAN" not in shown and funeral_case.data["iban"] not in shown


def test_a_consultation_void_after_the_withdrawal_shows_no_form_data(
    funeral_case, clerk, registrar
):
    consultation = asked_of(funeral_case, clerk)
    application = funeral_case.application
    withdraw_application(application=application, citizen=application.citizen, channel="portal")

    read = opened(consultation, registrar)

    assert read.outcome == ConsultationOutcome.VOID
    assert consultation_detail(read)["data"] == {}
    page = browser_of(registrar).get(f"/back-office/consultations/{consultation.pk}/")
    assert page.status_code == 200 and "Application data" not in page.content.decode()
    assert funeral_case.data["deceased_iin"] not in page.content.decode()


def test_an_answered_consultation_shows_its_question_and_answer_alone(
    funeral_case, clerk, registrar
):
    consultation = asked_of(funeral_case, clerk)
    answer_consultation(consultation_id=consultation.pk, officer=registrar, agree=True, note="",
                        channel="api")  # fmt: skip

    read = consultation_detail(opened(consultation, registrar))

    assert (read["outcome"], read["answer"], read["decision"]) == ("answered", "agree", "approve")
    assert read["data"] == {}


def test_a_stage_naming_no_fields_shows_none_of_the_form(funeral_case, clerk, registrar):
    consultation = opened(asked_of(funeral_case, clerk), registrar)
    for stage in consultation.case.service.definition["stages"]:
        stage.pop("consult_fields", None)  # as a service that names none

    assert consulted_fields(consultation) == [] and consulted_data(consultation) == {}


def test_an_officer_of_a_third_agency_finds_no_consultation_as_for_an_unknown_id(
    client, funeral_case, clerk, registrar
):
    consultation = asked_of(funeral_case, clerk)
    third = Agency.objects.exclude(pk__in=[funeral_case.agency_id, registrar.agency_id]).first()
    outsider = OfficerFactory(agency=third, username="outsider")

    with pytest.raises(NotFound) as theirs:
        opened(consultation, outsider)
    with pytest.raises(NotFound) as unknown:
        consultation_for_officer(officer=outsider, consultation_id=consultation.pk + 1000,
                                 channel="api")  # fmt: skip
    with pytest.raises(NotFound):
        answer_consultation(consultation_id=consultation.pk, officer=outsider, agree=True,
                            note="", channel="api")  # fmt: skip

    assert theirs.value.code == unknown.value.code == "not_found.consultation"
    denied = AuditRecord.objects.filter(action="consultation.access_denied", actor=outsider)
    assert denied.count() == 2
    page = browser_of(outsider).get(f"/back-office/consultations/{consultation.pk}/")
    assert page.status_code == 404
    consultation.refresh_from_db()
    assert consultation.outcome == ConsultationOutcome.OPEN


def test_the_record_of_an_opening_names_its_tracker_line_and_its_proof_is_given_on_request(
    funeral_case, clerk, registrar
):
    opened(asked_of(funeral_case, clerk), registrar)
    access = DataAccess.objects.get(registry="consultations")
    record = AuditRecord.objects.get(action="consultation.opened")

    assert record.details["access"] == access.message_id and access.audit_record == record.pk
    seal_audit_log()
    found = access_proof(funeral_case.application.citizen, access.message_id)
    # the record names the registrar who opened it: its proof goes to an auditor on request,
    # never to the citizen (decision 69)
    assert found.reason == ON_REQUEST and found.record is None and found.proof is None
