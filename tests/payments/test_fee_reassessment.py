"""A correction that changes a value the fee's exemptions are decided on re-assesses the fee:
lower, the difference goes back to the card; higher, a fee paid online does not rise (the
correction is refused, saying what it would cost); a fee already paid stays paid."""

from __future__ import annotations

import copy

import pytest

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.corrections import resubmit_correction, send_back
from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import CaseStatus
from qyzmet.applications.reversals import reverse_case
from qyzmet.applications.services import submit_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Invalid
from qyzmet.core.messages import render
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.payments.models import PaymentStatus, Refund
from qyzmet.registries.fields import find_person
from tests.factories import officer_of
from tests.payments.conftest import LICENCE
from tests.payments.test_refunds import _paid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exempt_when_damaged():
    """The licence with a correction term, and free when it is replaced as damaged."""
    version = service_version(LICENCE)
    definition = copy.deepcopy(version.definition)
    definition["fee_exemptions"] = [
        {"category": "damaged", "title": {"kk": "Бүлінген", "ru": "Испорчено", "en": "Damaged"},
         "when": [{"fact": "form", "field": "reason", "in": ["damaged"]}]},
    ]  # fmt: skip
    definition["correction"] = {"term_days": 10, "on_expiry": "reject"}
    version.definition = definition
    version.save(update_fields=["definition"])


def applied(citizen, reason: str):
    data = sample_values(service_version(LICENCE), find_person(citizen.iin))
    data["reason"] = reason
    return submit_application(
        citizen=citizen, channel="portal", service=LICENCE, data={LICENCE: data}
    )


def sent_back_case(application, field: str = "reason"):
    case = application.cases.get()
    send_back(case=case, officer=officer_of(case.agency), fields=[field],
              message="Check the reason.", channel="backoffice")  # fmt: skip
    return case


def given_back(payment) -> int:
    return sum(Refund.objects.filter(payment=payment).values_list("amount_tiyn", flat=True))


def test_a_correction_that_exempts_the_fee_gives_back_what_was_paid(citizen):
    application = applied(citizen, "lost")
    payment = _paid(application, citizen)
    case = sent_back_case(application)
    paid = case.fee_tiyn
    assert paid > 0 and payment.status == PaymentStatus.SUCCEEDED

    resubmit_correction(case=case, citizen=citizen, data={"reason": "damaged"}, channel="portal")

    case.refresh_from_db()
    assert (case.status, case.fee_tiyn, case.fee_exemption) == (CaseStatus.CORRECTED, 0, "damaged")
    refund = Refund.objects.get(payment=payment)
    assert (refund.amount_tiyn, refund.reason) == (paid, "fee_reassessed")
    line = case.history.filter(status="fee_reassessed").get()
    assert line.note_for_citizens.replace("\xa0", " ") == "5 406,25 ₸ → 0 ₸"
    audited = AuditRecord.objects.get(action="case.fee_reassessed", object_id=str(case.pk))
    assert audited.details["before_tiyn"] == paid and audited.details["fee_tiyn"] == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED  # paid stays paid


def test_rejected_after_a_lower_fee_the_two_refunds_give_back_what_was_paid(citizen):
    application = applied(citizen, "lost")
    payment = _paid(application, citizen)
    case = sent_back_case(application)
    resubmit_correction(case=case, citizen=citizen, data={"reason": "damaged"}, channel="portal")
    decide_case(case=case, officer=officer_of(case.agency), approve=False,
                reason="The licence is not damaged.", channel="backoffice")  # fmt: skip
    assert given_back(payment) == payment.amount_tiyn  # the difference, then the lower fee
    assert set(Refund.objects.values_list("case", flat=True)) == {case.pk}


def test_a_fee_refunded_on_rejection_is_not_refunded_again_when_a_correction_lowers_it(citizen):
    application = applied(citizen, "lost")
    payment = _paid(application, citizen)
    case = application.cases.get()
    officer = officer_of(case.agency)
    decide_case(case=case, officer=officer, approve=False, reason="No licence on record.",
                channel="backoffice")  # fmt: skip
    assert given_back(payment) == payment.amount_tiyn
    boss = allow_reversals(officer=officer, channel="test")
    reverse_case(case=case, officer=boss, ground="error_in_decision", reason="It is on record.",
                 channel="backoffice")  # fmt: skip
    case = sent_back_case(application)

    resubmit_correction(case=case, citizen=citizen, data={"reason": "damaged"}, channel="portal")

    case.refresh_from_db()
    assert (case.fee_tiyn, case.fee_exemption) == (0, "damaged")  # re-assessed, as shown
    assert given_back(payment) == payment.amount_tiyn  # but what was paid goes back once
    decide_case(case=case, officer=officer, approve=False, reason="Not damaged either.",
                channel="backoffice")  # fmt: skip
    assert given_back(payment) == payment.amount_tiyn


def test_a_correction_that_would_raise_a_fee_paid_online_is_refused(citizen):
    application = applied(citizen, "damaged")  # exempt: nothing to pay
    case = sent_back_case(application)
    assert case.fee_tiyn == 0

    with pytest.raises(Invalid) as refused:
        resubmit_correction(case=case, citizen=citizen, data={"reason": "lost"}, channel="portal")

    assert refused.value.code == "correction.fee_would_rise"
    [problem] = refused.value.problems
    said = render(problem.code, problem.params, "en")
    assert said.startswith("With this value the fee would be 5,406.25 ₸ instead of the 0 ₸ paid.")
    assert "Оплаченная онлайн пошлина" in render(problem.code, problem.params, "ru")
    case.refresh_from_db()
    assert (case.status, case.fee_tiyn) == (CaseStatus.SENT_BACK, 0)
    assert not case.history.filter(status="fee_reassessed").exists()


def test_a_correction_of_a_value_the_fee_does_not_depend_on_keeps_it(citizen):
    application = applied(citizen, "lost")
    _paid(application, citizen)
    case = sent_back_case(application)
    paid = case.fee_tiyn
    resubmit_correction(case=case, citizen=citizen, data={"reason": "expired"}, channel="portal")
    case.refresh_from_db()
    assert case.fee_tiyn == paid
    assert not Refund.objects.exists()
    assert not AuditRecord.objects.filter(action="case.fee_reassessed").exists()


def test_a_correction_of_a_field_no_exemption_depends_on_asks_no_registry_and_keeps_the_fee(
    citizen,
):
    application = applied(citizen, "lost")
    payment = _paid(application, citizen)
    case = sent_back_case(application, field="medical_certificate_number")
    version = service_version(LICENCE)  # the registries now hold an exemption for everyone
    version.definition["fee_exemptions"].append(
        {"category": "everyone", "title": {"kk": "Бәрі", "ru": "Все", "en": "Everyone"},
         "when": [{"fact": "age", "at_least": 0}]}
    )  # fmt: skip
    version.save(update_fields=["definition"])
    asked = DataAccess.objects.filter(client_system="fees")
    before = asked.count()

    corrected = {"medical_certificate_number": "083-1234"}
    resubmit_correction(case=case, citizen=citizen, data=corrected, channel="portal")

    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED
    assert (case.fee_tiyn, case.fee_exemption) == (payment.amount_tiyn, "")
    assert asked.count() == before  # no registry asked: the data tracker shows nothing new
    assert not Refund.objects.exists()
    assert not AuditRecord.objects.filter(action="case.fee_reassessed").exists()


def correction_url(case) -> str:
    return f"/applications/{case.application_id}/cases/{case.pk}/correction/"


def test_in_the_portal_a_raised_fee_is_refused_and_a_lowered_one_shown_in_the_history(
    client, citizen
):
    client.force_login(citizen)
    client.cookies["django_language"] = "en"
    exempt = sent_back_case(applied(citizen, "damaged"))

    refused = client.post(correction_url(exempt), {f"{LICENCE}__reason": "lost"})

    assert refused.status_code == 400
    page = refused.content.decode().replace("\xa0", " ")
    assert "With this value the fee would be 5,406.25 ₸ instead of the 0 ₸ paid." in page

    application = applied(citizen, "lost")
    _paid(application, citizen)
    case = sent_back_case(application)
    assert client.post(correction_url(case), {f"{LICENCE}__reason": "damaged"}).status_code == 302
    shown = client.get(f"/applications/{application.pk}/").content.decode().replace("\xa0", " ")
    assert "Fee re-assessed" in shown and "5 406,25 ₸ → 0 ₸" in shown
