"""An application is made only by a citizen the population registry knows (decision 76): when
the citizen applies for themself, what that registry answers about them in the application's
own read (a draft's pre-fill, a submission's extract) confirms it; when that read asks it
nothing, or they act for someone else, it is asked on its own (legal basis
``application-subject``). Either way the registry is asked about the applicant once."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.applications.models import Application
from qyzmet.applications.services import start_application, submit_application
from qyzmet.applications.subjects import confirmed_by_read
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Invalid
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.fields import find_person
from qyzmet.representation.grounds import SELF, Ground
from tests.factories import CitizenFactory, iin_of_nobody

pytestmark = pytest.mark.django_db

SERVICE = "criminal-record-certificate"  # reads the applicant from the population registry
NO_POPULATION_READ = "business-start-notification"  # reads only the business registry


def subject_confirmations() -> list[DataAccess]:
    return list(
        DataAccess.objects.filter(purpose_kind="legal_basis", purpose_ref="application-subject")
    )


def submit(citizen: Any, slug: str) -> Application:
    values = sample_values(service_version(slug), find_person(citizen.iin))
    return submit_application(
        citizen=citizen, channel="portal", service=slug, data={slug: values or {}}
    )


def test_a_citizen_the_registry_does_not_know_cannot_submit_for_themself():
    stranger = CitizenFactory(iin=iin_of_nobody())

    with pytest.raises(Invalid) as refused:
        submit_application(citizen=stranger, channel="portal", service=SERVICE, data={})

    assert refused.value.code == "applicant.unknown"
    assert not Application.objects.filter(citizen=stranger).exists()


def test_a_citizen_the_registry_does_not_know_cannot_start_a_draft():
    stranger = CitizenFactory(iin=iin_of_nobody())

    with pytest.raises(Invalid) as refused:
        start_application(citizen=stranger, channel="portal", service=SERVICE)

    assert refused.value.code == "applicant.unknown"
    assert not Application.objects.filter(citizen=stranger).exists()


def test_one_the_registry_does_not_know_acting_for_someone_is_refused_before_they_are_read(
    demo_people,
):
    stranger = CitizenFactory(iin=iin_of_nobody())

    with pytest.raises(Invalid) as refused:
        submit_application(
            citizen=stranger, channel="portal", service=SERVICE, data={},
            on_behalf_of=demo_people["parent"],
        )  # fmt: skip

    assert refused.value.code == "applicant.unknown"  # not "you may not act for them"
    (asked,) = DataAccess.objects.all()  # nothing about the person they named
    assert asked.purpose_ref == "application-subject"
    assert asked.subject == subject_digest(stranger.iin)


def test_a_citizen_without_an_iin_is_refused_before_anything_is_read():
    nobody = CitizenFactory(iin="")

    with pytest.raises(Invalid) as refused:
        submit_application(citizen=nobody, channel="portal", service=SERVICE, data={})

    assert refused.value.code == "applicant.unknown"
    assert not DataAccess.objects.exists()


def test_the_extract_confirms_a_citizen_applying_for_themself(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])

    application = submit(citizen, SERVICE)

    assert application.pk is not None
    assert subject_confirmations() == []  # the extract's answer about them was the proof
    extract = DataAccess.objects.get(purpose_kind="application")
    assert extract.registry == "population" and extract.outcome == "granted"


def test_a_read_that_asks_the_population_registry_nothing_is_followed_by_the_confirmation(
    demo_people,
):
    citizen = CitizenFactory(iin=demo_people["parent"])

    start_application(citizen=citizen, channel="portal", service=NO_POPULATION_READ)

    (confirmation,) = subject_confirmations()
    assert confirmation.registry == "population" and confirmation.fields == [
        "population.person.iin"
    ]
    assert not DataAccess.objects.filter(purpose_kind="application", registry="population")


def test_a_read_answering_only_empty_fields_does_not_vouch_for_the_applicant(demo_people):
    """A registry answering every field with nothing proves nothing: asked on its own."""
    nothing = {"population.person.spouse": None, "population.person.registered_address": None}
    stranger, known = CitizenFactory(iin=iin_of_nobody()), demo_people["parent"]

    with pytest.raises(Invalid) as refused:
        confirmed_by_read(stranger, Ground(SELF, stranger.iin), nothing)
    confirmed_by_read(CitizenFactory(iin=known), Ground(SELF, known), nothing)

    assert refused.value.code == "applicant.unknown"
    assert len(subject_confirmations()) == 2  # each asked on their own
