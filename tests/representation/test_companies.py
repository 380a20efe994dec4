"""A company's head applies in the company's name for a service whose applicant is a company;
nobody else does, unless they signed in with the company's certificate."""

from __future__ import annotations

import pytest

from qyzmet.applications.decisions import assign_case, decide_case
from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import start_application, submit_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.messages import render
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.demo.sample_forms import sample_values
from qyzmet.documents.selectors import result_document_of
from qyzmet.registries.fields import active_businesses, find_person
from qyzmet.registries.models import Business
from qyzmet.representation.selectors import acting_for, represented_by
from tests.factories import CitizenFactory, officer_of
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db

COMPANY_SERVICE = "llp-address-change"


@pytest.fixture
def head(demo_people):
    return CitizenFactory(iin=demo_people["entrepreneur"])


@pytest.fixture
def company(head):
    return active_businesses(find_person(head.iin))[0]


def apply_for_company(citizen, bin_, **more):
    values = sample_values(service_version(COMPANY_SERVICE), find_person(citizen.iin))
    return submit_application(
        citizen=citizen, channel="portal", service=COMPANY_SERVICE, on_behalf_of=bin_,
        data={COMPANY_SERVICE: values}, **more,
    )  # fmt: skip


def test_the_head_of_a_company_applies_in_its_name(head, company):
    application = apply_for_company(head, company.bin)

    assert (application.citizen, application.subject_bin) == (head, company.bin)
    assert application.ground == "company-head"
    case = application.cases.get()
    assert case.agency.slug == "justice" and case.status == CaseStatus.SUBMITTED
    assert case.registry_extract == {
        "businesses.business.name": company.name,
        "businesses.business.legal_form": company.legal_form,
        "businesses.business.status": "active",
    }  # the company's own record, read about its BIN
    audit = AuditRecord.objects.get(action="application.submitted", object_id=application.pk)
    assert audit.actor == head and audit.details["company"] == subject_digest(company.bin)


def test_a_person_who_is_not_the_head_is_refused(people, company):
    someone = CitizenFactory(iin=people[0])

    with pytest.raises(Forbidden) as refused:
        apply_for_company(someone, company.bin)

    assert render(refused.value.code, refused.value.params, "en") == (
        "You cannot apply for this person or company: the business registry does not name you "
        "as the head of an active company with this BIN."
    )


def test_the_head_of_a_closed_company_no_longer_acts_for_it(head, company):
    Business.objects.filter(pk=company.pk).update(status=Business.Status.CLOSED)

    with pytest.raises(Forbidden):
        apply_for_company(head, company.bin)


def test_the_holder_of_a_company_certificate_acts_for_that_company(people, company):
    accountant = CitizenFactory(iin=people[0])
    certificate = {"bin": company.bin, "role": "accountant"}

    application = apply_for_company(accountant, company.bin, signed_in_company=certificate)

    assert application.ground == "company-certificate"
    assert application.subject_bin == company.bin
    with pytest.raises(Forbidden):  # another company's BIN: the certificate is not for it
        apply_for_company(accountant, _another_company(company).bin, signed_in_company=certificate)


def _another_company(company):
    return Business.objects.exclude(pk=company.pk).filter(status="active").order_by("id").first()


def test_a_company_service_needs_a_company(head):
    with pytest.raises(Forbidden) as refused:
        start_application(citizen=head, channel="portal", service=COMPANY_SERVICE)

    assert "applied for in a company's name" in render(
        refused.value.code, refused.value.params, "en"
    )


def test_a_persons_service_is_not_applied_for_in_a_companys_name(head, company):
    with pytest.raises(Invalid) as refused:  # a BIN is not an IIN
        start_application(
            citizen=head, channel="portal", service="passport", on_behalf_of=company.bin
        )

    assert refused.value.problems[0].field == "on_behalf_of"


def test_whom_the_head_may_act_for_lists_their_companies_for_a_company_service(head, company):
    found = represented_by(actor=head, service=COMPANY_SERVICE)

    assert [(r.ground, r.bin) for r in found] == [
        ("company-head", b.bin) for b in active_businesses(find_person(head.iin))
    ]
    assert company.bin in {r.bin for r in found}
    assert acting_for(actor=head, subject=company.bin, service=COMPANY_SERVICE).subject_bin


def test_the_companys_result_document_is_issued_to_the_company(head, company):
    case = apply_for_company(head, company.bin).cases.get()
    officer = officer_of(case.agency)
    assign_case(case=case, officer=officer, channel="backoffice")
    decide_case(case=case, officer=officer, approve=True, reason="", channel="backoffice")
    run_jobs()
    case.refresh_from_db()

    document = result_document_of(case)
    assert document.content["holder_name"] == company.name
    assert (document.content["holder_iin"], document.content["holder_kind"]) == (
        company.bin,
        "company",
    )
