"""Whose certificate signs which application, as on egov.kz: a person's application with a
personal certificate; a company's application with that company's certificate held by someone
who may sign for it (head or signer), or with the personal certificate of the head the
business registry names. Each refusal says why, in kk/ru/en."""

from __future__ import annotations

import pytest

from qyzmet.applications.services import start_application, submit_application
from qyzmet.applications.signature_checks import SignatureIn, SignatureRefused, signing_request
from qyzmet.catalog.selectors import service_version
from qyzmet.core.messages import MESSAGES, render
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import active_businesses, find_person
from qyzmet.registries.models import Business
from tests.factories import CitizenFactory
from tests.representation.conftest import adults
from tests.signing.conftest import signed_by

pytestmark = pytest.mark.django_db

COMPANY_SERVICE = "llp-address-change"


@pytest.fixture
def company_service_needs_eds():
    """The company's service asks for an EDS signature (as its catalogue entry could)."""
    version = service_version(COMPANY_SERVICE)
    version.definition = {**version.definition, "assurance": "eds"}
    version.save()
    return version


@pytest.fixture
def head(demo_people):
    return CitizenFactory(iin=demo_people["entrepreneur"])


@pytest.fixture
def company(head):
    return active_businesses(find_person(head.iin))[0]


@pytest.fixture
def employee(db):
    """Someone with no company of their own (the holder of a company's certificate)."""
    return CitizenFactory(iin=adults(1)[0])


def company_draft(citizen, company, certificate=None):
    values = sample_values(service_version(COMPANY_SERVICE), find_person(citizen.iin))
    return start_application(
        citizen=citizen, channel="portal", service=COMPANY_SERVICE, on_behalf_of=company.bin,
        data={COMPANY_SERVICE: values}, signed_in_company=certificate,
    )  # fmt: skip


def submit_signed(pki, draft, issued, certificate=None):
    xml = signed_by(pki, issued, signing_request(draft).document)
    return submit_application(
        citizen=draft.citizen, channel="portal", application=draft,
        signature=SignatureIn(signed_xml=xml), signed_in_company=certificate,
    )  # fmt: skip


def refusal(pki, draft, issued, certificate=None) -> str:
    with pytest.raises(SignatureRefused) as refused:
        submit_signed(pki, draft, issued, certificate)
    return refused.value.code


def test_a_persons_application_is_not_signed_with_a_company_certificate(eds_trust, draft):
    pki = eds_trust.pki
    company_certificate = pki.person(draft.citizen.iin, company_bin="190240012345", role="head")

    assert refusal(pki, draft, company_certificate) == "signing.company_certificate_for_person"
    assert submit_signed(pki, draft, pki.person(draft.citizen.iin)).signature.signer_bin == ""


@pytest.mark.usefixtures("company_service_needs_eds")
def test_the_head_signs_the_companys_application_with_their_personal_certificate(
    eds_trust, head, company
):
    draft = company_draft(head, company)
    assert draft.ground == "company-head"

    submitted = submit_signed(eds_trust.pki, draft, eds_trust.pki.person(head.iin))

    assert submitted.signature.signer_iin == head.iin and submitted.signature.signer_bin == ""


@pytest.mark.usefixtures("company_service_needs_eds")
@pytest.mark.parametrize("role", ["head", "signer"])
def test_a_holder_with_the_right_to_sign_signs_with_the_companys_certificate(
    eds_trust, employee, company, role
):
    certificate = {"bin": company.bin, "role": role}
    draft = company_draft(employee, company, certificate)
    issued = eds_trust.pki.person(employee.iin, company_bin=company.bin, role=role)

    submitted = submit_signed(eds_trust.pki, draft, issued, certificate)

    assert (submitted.signature.signer_bin, submitted.signature.signer_role) == (company.bin, role)


@pytest.mark.usefixtures("company_service_needs_eds")
@pytest.mark.parametrize("role", ["employee", "hr", "finance_signer", ""])
def test_a_holder_without_the_right_to_sign_is_refused(eds_trust, employee, company, role):
    certificate = {"bin": company.bin, "role": role}
    draft = company_draft(employee, company, certificate)
    issued = eds_trust.pki.person(employee.iin, company_bin=company.bin, role=role)

    assert refusal(eds_trust.pki, draft, issued, certificate) == "signing.no_right_to_sign"


@pytest.mark.usefixtures("company_service_needs_eds")
def test_another_companys_certificate_is_refused(eds_trust, head, company):
    other = Business.objects.exclude(pk=company.pk).filter(status="active").order_by("id").first()
    draft = company_draft(head, company)
    issued = eds_trust.pki.person(head.iin, company_bin=other.bin, role="head")

    assert refusal(eds_trust.pki, draft, issued) == "signing.other_company"


@pytest.mark.usefixtures("company_service_needs_eds")
def test_someone_not_the_head_cannot_sign_for_the_company_with_a_personal_certificate(
    eds_trust, employee, company
):
    certificate = {"bin": company.bin, "role": "signer"}
    draft = company_draft(employee, company, certificate)  # signed in with the company's key

    refused = refusal(eds_trust.pki, draft, eds_trust.pki.person(employee.iin), certificate)

    assert refused == "signing.company_certificate_needed"


@pytest.mark.parametrize(
    "code",
    [
        "signing.company_certificate_for_person",
        "signing.other_company",
        "signing.no_right_to_sign",
        "signing.company_certificate_needed",
    ],
)
def test_each_refusal_reads_in_kazakh_russian_and_english(code):
    assert code in MESSAGES
    texts = {language: render(code, language=language) for language in ("kk", "ru", "en")}
    assert len(set(texts.values())) == 3
