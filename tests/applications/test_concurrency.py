"""A double click or a retried request, arriving at the same time, creates one application."""

from __future__ import annotations

from qyzmet.applications.models import Application
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from qyzmet.registries.selectors import find_demo_people
from tests.concurrency import at_once
from tests.factories import CitizenFactory

REQUESTS = 4


def submit_at_once(citizen, request, key):
    return at_once(
        lambda: submit_application(citizen=citizen, channel="api", idempotency_key=key, **request),
        times=REQUESTS,
    )


def test_concurrent_submissions_with_one_key_create_one_application(committed_platform):
    citizen = CitizenFactory(iin=find_demo_people()["parent"])
    slug = "criminal-record-certificate"
    data = {slug: sample_values(service_version(slug), find_person(citizen.iin))}
    results = submit_at_once(citizen, {"service": slug, "data": data}, key="double-click")
    assert all(isinstance(r, Application) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Application.objects.filter(citizen=citizen).count() == 1
