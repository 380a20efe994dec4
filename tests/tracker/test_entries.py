"""Each entry of the data tracker says why the data was read: the citizen's own application
or case (linked), their own offer (linked), another person's application or offer (named by
what it is for, never linked), or a legal basis in words; a page is told in a fixed number
of queries however many entries it has."""

from __future__ import annotations

import pytest

from qyzmet.registries.fields import find_person
from qyzmet.tracker.entries import entries_for
from qyzmet.tracker.selectors import accesses_of
from tests.factories import ApplicationFactory, CitizenFactory
from tests.offers.conftest import birth, offer_of
from tests.tracker.factories import DataAccessFactory, access_caused_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def father(demo_people):
    return CitizenFactory(iin=demo_people["parent"], language="en")


def told(citizen):
    return {e.access.message_id: e for e in entries_for(citizen, accesses_of(citizen))}


def test_the_purpose_names_and_links_only_what_is_the_citizens(father):
    mother_iin = find_person(father.iin).spouse.iin
    event = birth(mother_iin, father.iin)
    mine, hers = (
        offer_of(event, father.iin, "birth-benefit-for-parents"),
        offer_of(event, mother_iin, "birth-benefit-for-parents"),
    )
    application = ApplicationFactory(citizen=father, submitted=True)
    case = application.cases.get()
    DataAccessFactory(iin=father.iin, message_id="offer", purpose_kind="offer", purpose_ref=mine.pk)
    DataAccessFactory(iin=father.iin, message_id="hers", purpose_kind="offer", purpose_ref=hers.pk)
    DataAccessFactory(iin=father.iin, message_id="case", purpose_kind="case", purpose_ref=case.pk)
    DataAccessFactory(iin=father.iin, message_id="gone", purpose_kind="application",
                      purpose_ref="not-an-id")  # fmt: skip
    DataAccessFactory(iin=father.iin, message_id="basis", purpose_ref="unheard-of-basis")

    entries = told(father)

    assert entries["offer"].offer_id == mine.pk
    assert entries["offer"].purpose["en"].startswith("An offer to you: ")
    assert entries["hers"].offer_id is None
    assert entries["hers"].purpose["en"].startswith("An offer to another person: ")
    assert entries["case"].application_id == application.pk
    assert entries["case"].purpose["en"].endswith(": Issuing a Kazakhstan passport")
    assert entries["gone"].purpose["en"] == "An application"
    assert entries["basis"].purpose["en"] == "Legal basis: unheard-of-basis"


def test_a_page_is_told_in_a_fixed_number_of_queries(demo_people, django_assert_max_num_queries):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = ApplicationFactory(citizen=citizen, submitted=True)
    for n in range(20):
        access_caused_by(application, client_system=f"partner:bank-{n % 3}")
        DataAccessFactory(iin=citizen.iin, refused=True, client_agency=f"agency-{n}")
    page = list(accesses_of(citizen))

    with django_assert_max_num_queries(6):
        entries = entries_for(citizen, page)

    assert len(entries) == len(page) >= 40  # and the reads submitting the application made
    assert sum(e.refused for e in entries) == 20
    assert {e.system["en"] for e in entries} >= {
        "Partner: bank-0",
        "Pre-filling an application form",
    }
