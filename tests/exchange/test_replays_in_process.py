"""A request is answered once: a replay is refused. A request this process sealed moments ago
and handed over in memory is known to be new without looking up the registry's records
(``signing.first_answer_here``); one that came over the network, or that this process cannot
tell about, is looked up as before."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.applications.models import Application
from qyzmet.applications.submission import purpose_of
from qyzmet.catalog.selectors import service_version
from qyzmet.exchange import signing
from qyzmet.exchange.messages import Client
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.records import kept_access_records
from tests.exchange.helpers import request_for, signed
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

NAME = "population.person.full_name"
OWN = Client(agency="internal-affairs", system="submission")


@pytest.fixture
def token(demo_people):
    """A request for a citizen's name, for a residence registration they are submitting."""
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = Application(id=uuid.uuid4(), citizen=citizen, subject_iin=citizen.iin)
    with kept_access_records():
        purpose = purpose_of(application, service_version("residence-registration"))
    return signed(request_for(subject=citizen.iin, fields=[NAME], purpose=purpose, client=OWN))


def looked_up(queries: CaptureQueriesContext) -> bool:
    """Whether the replay check asked the records (recording a refusal may read them too)."""
    return any(q["sql"].startswith('SELECT 1 AS "a" FROM "exchange_dataaccess"') for q in queries)


def answered(token: str, *, in_process: bool) -> tuple[object, bool]:
    """The response to ``token`` and whether the registry's records were looked up for it."""
    with CaptureQueriesContext(connection) as queries:
        response = answer_request(token=token, in_process=in_process).response
    return response, looked_up(queries)


def test_a_request_sealed_here_is_answered_without_looking_up_the_records(token):
    response, lookup = answered(token, in_process=True)
    assert response.granted and not lookup


def test_a_request_sealed_here_is_refused_when_handed_over_again(token):
    first, _ = answered(token, in_process=True)
    again, lookup = answered(token, in_process=True)
    assert first.granted
    assert (again.refusal, again.data) == ("replay", {}) and not lookup


def test_a_request_this_process_cannot_tell_about_is_looked_up(token, monkeypatch):
    monkeypatch.setattr(signing, "_sealed", {})  # as if sealed by another process, or long ago
    monkeypatch.setattr(signing, "_unanswered", {})
    first, lookup = answered(token, in_process=True)
    again, lookup_again = answered(token, in_process=True)
    assert first.granted and lookup
    assert (again.refusal, again.data) == ("replay", {}) and lookup_again


def test_a_request_over_the_network_is_always_looked_up(token):
    response, lookup = answered(token, in_process=False)
    assert response.granted and lookup
