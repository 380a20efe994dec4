"""The demo family: a father who works, his wife who runs her business; both have an account
for state payments in the labour registry."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.offers.models import Offer
from qyzmet.registries.events import register_birth
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Person, RegistryEvent
from tests.factories import CitizenFactory
from tests.jobs.helpers import run_jobs


@pytest.fixture
def father(demo_people) -> Any:
    """The demo parent, signed up (he has an account)."""
    return CitizenFactory(iin=demo_people["parent"], language="en")


@pytest.fixture
def mother_iin(father) -> str:
    """His wife's IIN; she has no account until a test makes one."""
    wife = find_person(father.iin).spouse  # type: ignore[union-attr]
    assert wife is not None and wife.sex == Person.Sex.FEMALE
    return wife.iin


@pytest.fixture
def mother(mother_iin) -> Any:
    return CitizenFactory(iin=mother_iin, language="en")


def birth(mother_iin: str, father_iin: str | None, **kwargs: Any) -> RegistryEvent:
    """A birth registered; the worker has made its offers."""
    event = register_birth(mother_iin=mother_iin, father_iin=father_iin, channel="test", **kwargs)
    run_jobs()
    return event


def offer_of(event: RegistryEvent, iin: str, rule: str) -> Offer:
    return Offer.objects.get(event=event, citizen_iin=iin, rule__slug=rule)
