"""Every service of the demo catalogue can be applied for, and lands at its agency."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import start_application, submit_application
from qyzmet.attachments.scanners.unscanned import UnscannedScanner
from qyzmet.catalog.person_rules import person_rules
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_documents import sample_documents
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import active_businesses, find_person
from tests.factories import CitizenFactory
from tests.signing.conftest import submitted_with_eds


def active_business(person):
    return active_businesses(person)[0]


SERVICES = sorted(p.stem for p in (Path(settings.CATALOG_DIR) / "services").glob("*.yaml"))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SERVICES)
def test_a_complete_application_is_accepted(slug, demo_people, request):
    version = service_version(slug)
    company = version.applicant == "company"  # applied for by its head, in its name
    citizen = CitizenFactory(iin=demo_people["entrepreneur" if company else "parent"])
    person = find_person(citizen.iin)
    on_behalf_of = active_business(person).bin if company else None
    values = sample_values(version, person)
    for rule in person_rules(version.form):
        if rule.consent:  # the person named consents: their own application names the citizen
            other = CitizenFactory(iin=values[rule.field])
            start_application(citizen=other, channel="api", service=slug,
                              data={slug: {rule.field: citizen.iin}})  # fmt: skip
    if version.assurance == "none":
        documents = sample_documents(  # the documents it requires, uploaded as a citizen does
            citizen=citizen, version=version, channel="api", scanner=UnscannedScanner()
        )
        application = submit_application(
            citizen=citizen, channel="api", service=slug, data={slug: values},
            on_behalf_of=on_behalf_of, documents=documents,
        )  # fmt: skip
    else:  # the applicant signs the draft with their EDS (accepted for `sms` too)
        draft = start_application(citizen=citizen, channel="api", service=slug,
                                  data={slug: values}, on_behalf_of=on_behalf_of)  # fmt: skip
        application = submitted_with_eds(draft, request.getfixturevalue("eds_trust").pki)
    case = application.cases.get()
    assert case.agency == version.service.agency
    assert case.status in set(CaseStatus) - {CaseStatus.WITHDRAWN}
    assert case.registry_extract.keys() == set(version.registry_data)
