"""Factories for people who sign in and for applications in each state of their life."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model

from qyzmet.accounts.models import citizen_username
from qyzmet.applications.decisions import assign_case, decide_case
from qyzmet.applications.models import Application
from qyzmet.applications.services import start_application, submit_application
from qyzmet.attachments.scanners.unscanned import UnscannedScanner
from qyzmet.catalog.models import Agency
from qyzmet.catalog.selectors import service_version
from qyzmet.core.identifiers import make_iin
from qyzmet.demo.sample_documents import sample_documents
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Person


class CitizenFactory(factory.django.DjangoModelFactory):
    """A citizen whose IIN is in the population registry (an adult by default)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    iin = factory.LazyFunction(
        lambda: (
            Person.objects.filter(death_date__isnull=True, birth_date__lt=datetime.date(1990, 1, 1))
            .order_by("id")
            .values_list("iin", flat=True)
            .first()
        )
    )
    username = factory.LazyAttribute(lambda o: citizen_username(o.iin))


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    agency = factory.LazyFunction(lambda: Agency.objects.get(slug="internal-affairs"))
    username = factory.LazyAttribute(lambda o: f"officer-{o.agency.slug}")


def iin_of_nobody() -> str:
    """A well-formed IIN the population registry has no one under."""
    for serial in range(1000, 2000):
        iin = make_iin(datetime.date(1980, 3, 3), "M", serial)
        if iin and find_person(iin) is None:
            return iin
    raise AssertionError("no free IIN")


def officer_of(agency: Agency) -> Any:
    return OfficerFactory(agency=agency)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application for one service, made through the domain functions.

    Traits follow its life: ``submitted``, ``in_review``, ``approved``, ``rejected``."""

    class Meta:
        model = Application

    citizen = factory.SubFactory(CitizenFactory)
    service = "passport"
    submitted = False
    decision: str | None = None
    assigned = False

    class Params:
        in_review = factory.Trait(submitted=True, assigned=True)
        approved = factory.Trait(submitted=True, decision="approve")
        rejected = factory.Trait(submitted=True, decision="reject")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Application:
        citizen = kwargs["citizen"]
        slug = kwargs["service"]
        version = service_version(slug)
        person = find_person(citizen.iin)
        assert version is not None and person is not None
        data = {slug: sample_values(version, person)}
        if not kwargs["submitted"]:
            return start_application(citizen=citizen, channel="portal", service=slug, data=data)
        documents = sample_documents(  # the documents it requires, as a citizen uploads them
            citizen=citizen, version=version, channel="portal", scanner=UnscannedScanner()
        )
        application = submit_application(
            citizen=citizen, channel="portal", service=slug, data=data, documents=documents
        )
        for case in application.cases.all():
            officer = officer_of(case.agency)
            if kwargs["assigned"]:
                assign_case(case=case, officer=officer, channel="backoffice")
            if kwargs["decision"]:
                decide_case(
                    case=case, officer=officer, approve=kwargs["decision"] == "approve",
                    reason="" if kwargs["decision"] == "approve" else "Documents are missing.",
                    channel="backoffice",
                )  # fmt: skip
        application.refresh_from_db()
        return application
