"""The same offer accepted twice at the same moment (a double click, a retry, the portal and
the messenger at once) makes one application; two workers making one event's offers make
each once."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import Application
from qyzmet.offers.making import make_offers
from qyzmet.offers.models import Offer
from qyzmet.offers.services import accept_offer
from qyzmet.registries.events import register_birth
from qyzmet.registries.fields import find_person
from qyzmet.registries.selectors import find_demo_people
from tests.concurrency import at_once
from tests.factories import CitizenFactory


@pytest.fixture
def born(committed_platform):
    father = CitizenFactory(iin=find_demo_people()["parent"])
    mother = find_person(father.iin).spouse  # type: ignore[union-attr]
    event = register_birth(mother_iin=mother.iin, father_iin=father.iin, channel="test")
    return father, event


def test_workers_making_one_events_offers_at_once_make_each_once(born):
    _, event = born
    results = at_once(lambda: make_offers(event_id=event.pk))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Offer.objects.filter(event=event).count() == 4
    assert sum(len(made) for made in results) == 4


def test_accepting_one_offer_at_once_makes_one_application(born):
    father, event = born
    make_offers(event_id=event.pk)
    offer = Offer.objects.get(
        event=event, citizen_iin=father.iin, rule__slug="birth-benefit-for-parents"
    )
    results = at_once(lambda: accept_offer(offer=offer, citizen=father, channel="portal"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.application.pk for r in results}) == 1
    assert Application.objects.filter(citizen=father).count() == 1
