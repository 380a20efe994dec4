"""Every service of the demo catalogue can be applied for, and lands at its agency."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from qyzmet.applications.models import CaseStatus
from qyzmet.applications.services import start_application, submit_application
from qyzmet.catalog.person_rules import person_rules
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory
from tests.signing.conftest import submitted_with_eds

SERVICES = sorted(p.stem for p in (Path(settings.CATALOG_DIR) / "services").glob("*.yaml"))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SERVICES)
def test_a_complete_application_is_accepted(slug, demo_people, request):
    citizen = CitizenFactory(iin=demo_people["parent"])
    version = service_version(slug)
    values = sample_values(version, find_person(citizen.iin))
    for rule in person_rules(version.form):
        if rule.consent:  # the person named consents: their own application names the citizen
            other = CitizenFactory(iin=values[rule.field])
            start_application(citizen=other, channel="api", service=slug,
                              data={slug: {rule.field: citizen.iin}})  # fmt: skip
    if version.assurance == "none":
        application = submit_application(
            citizen=citizen, channel="api", service=slug, data={slug: values}
        )
    else:  # the applicant signs the draft with their EDS (accepted for `sms` too)
        draft = start_application(citizen=citizen, channel="api", service=slug,
                                  data={slug: values})  # fmt: skip
        application = submitted_with_eds(draft, request.getfixturevalue("eds_trust").pki)
    case = application.cases.get()
    assert case.agency == version.service.agency
    assert case.status in set(CaseStatus) - {CaseStatus.WITHDRAWN}
    assert case.registry_extract.keys() == set(version.registry_data)
