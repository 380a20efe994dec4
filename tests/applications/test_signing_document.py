"""What an applicant signs: one canonical document per draft, the same bytes on every channel,
changed by any change to what is submitted; and a service's assurance decides whether a
submission needs a signature at all."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from qyzmet.applications.services import applicable_services, save_draft, submit_application
from qyzmet.applications.signature_checks import SignatureRefused, signing_request
from qyzmet.applications.signing import NAMESPACE, required_assurance, same_document
from qyzmet.catalog.selectors import service_version
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db
NS = {"a": NAMESPACE}


def test_the_document_names_the_draft_its_people_services_values_and_fees():
    draft = ApplicationFactory(service="vehicle-registration")
    signing = signing_request(draft)
    root = ET.fromstring(signing.document)
    assert root.get("id") == str(draft.pk)
    assert root.get("started", "").endswith("Z")
    assert root.find("a:applicant", NS).get("iin") == draft.citizen.iin
    service = root.find("a:service", NS)
    version = str(service_version("vehicle-registration").version)
    assert (service.get("id"), service.get("version")) == ("vehicle-registration", version)
    assert service.find("a:fee", NS).attrib == {"mci": "1.5", "paid": "in_person"}
    fields = [f.get("name") for f in service.findall("a:form/a:field", NS)]
    assert fields == [
        n for n in draft.service.form["x-order"] if draft.data["vehicle-registration"].get(n)
    ]
    assert (
        service.find("a:form/a:field[@name='vin']", NS).text
        == draft.data["vehicle-registration"]["vin"]
    )
    assert [t.get("lang") for t in service.findall("a:title", NS)] == ["kk", "ru", "en"]
    assert signing.assurance == "eds" and signing.methods == ("eds",)
    assert len(signing.digest) == 64


def test_the_same_draft_gives_the_same_bytes_and_a_change_gives_other_bytes():
    draft = ApplicationFactory(service="vehicle-registration")
    first = signing_request(draft)
    assert signing_request(draft).document == first.document
    save_draft(application=draft, citizen=draft.citizen, channel="api",
               data={"vehicle-registration": {"purchase_date": "2020-01-01"}})  # fmt: skip
    draft.refresh_from_db()
    changed = signing_request(draft)
    assert changed.document != first.document and changed.digest != first.digest


def test_a_reformatted_copy_of_the_document_is_the_same_document_an_edited_one_is_not():
    draft = ApplicationFactory(service="vehicle-registration")
    document = signing_request(draft).document
    reformatted = document.replace(b"\n", b"\r\n  ").replace(b"<service ", b"<service  ")
    assert same_document(reformatted, document)
    vin = draft.data["vehicle-registration"]["vin"].encode()
    assert not same_document(document.replace(vin, b"WVWZZZ1JZXW000001"), document)
    assert not same_document(b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", document)


def test_a_life_situation_asks_for_the_highest_assurance_of_its_services():
    versions = [service_version(s) for s in ("address-certificate", "encumbrance-certificate")]
    assert required_assurance(versions[:1]) == "none"
    assert required_assurance(versions) == "sms"
    assert required_assurance([*versions, service_version("vehicle-registration")]) == "eds"


def test_a_service_that_needs_no_signature_is_submitted_without_one():
    draft = ApplicationFactory(service="passport")
    assert signing_request(draft).assurance == "none"
    submitted = submit_application(citizen=draft.citizen, channel="api", application=draft)
    assert submitted.status == "submitted"
    assert not hasattr(submitted, "signature") or submitted.signature is None


def test_a_service_that_needs_eds_is_not_submitted_unsigned_and_the_draft_stays():
    draft = ApplicationFactory(service="vehicle-registration")
    with pytest.raises(SignatureRefused) as refused:
        submit_application(citizen=draft.citizen, channel="api", application=draft)
    assert refused.value.code == "signing.required_eds"
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.data["vehicle-registration"]["vin"]
    assert [s.slug for s in applicable_services(draft)] == ["vehicle-registration"]


def test_submitting_in_one_call_a_service_that_needs_a_signature_says_to_start_a_draft():
    citizen = CitizenFactory()
    data = {"encumbrance-certificate": {"cadastral_number": "20:315:042:118:47"}}
    with pytest.raises(SignatureRefused) as refused:
        submit_application(citizen=citizen, channel="api", service="encumbrance-certificate",
                           data=data)  # fmt: skip
    assert refused.value.code == "signing.draft_first"
    assert not citizen.applications.exists()
