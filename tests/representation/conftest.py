"""People for representation: a principal and a representative (two unrelated living adults
with accounts), a stranger without one, officers of the agency recording mandates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from qyzmet.catalog.models import Agency
from qyzmet.registries.models import Person
from qyzmet.representation.models import Mandate
from tests.factories import CitizenFactory, OfficerFactory

SERVICE = "criminal-record-certificate"  # one service, decided automatically
OTHER_SERVICE = "address-certificate"


def adults(count: int) -> list[str]:
    """IINs of ``count`` living adults without children, spouses or businesses of their own
    (so no other ground ties them), lowest ids first."""
    parents = Person.objects.filter(Q(mother=OuterRef("pk")) | Q(father=OuterRef("pk")))
    people = Person.objects.filter(
        ~Exists(parents),
        death_date__isnull=True,
        birth_date__lt=datetime.date(1985, 1, 1),
        spouse__isnull=True,
    ).order_by("id")
    return list(people.values_list("iin", flat=True)[:count])


@pytest.fixture
def people(db: Any) -> list[str]:
    return adults(3)


@pytest.fixture
def principal(people: list[str]) -> Any:
    return CitizenFactory(iin=people[0])


@pytest.fixture
def representative(people: list[str]) -> Any:
    return CitizenFactory(iin=people[1])


@pytest.fixture
def stranger_iin(people: list[str]) -> str:
    """A living adult without an account, tied to nobody here."""
    return people[2]


@pytest.fixture
def recorder(db: Any) -> Any:
    """An officer of the agency that records mandates (the Ministry of Justice)."""
    return OfficerFactory(agency=Agency.objects.get(slug="justice"))


def later(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def days_pass(days: int) -> None:
    """As if ``days`` had passed for every mandate: each ends that much sooner."""
    shift = datetime.timedelta(days=days)
    for mandate in Mandate.objects.all():
        mandate.until -= shift
        mandate.save(update_fields=["until"])
