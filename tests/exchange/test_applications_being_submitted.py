"""An application a submission is making, not yet saved, is known to the registries answering
in the submitting process without being looked up (decision 71): its reads are checked against
the services it names as strictly as before, refused and recorded alike; over the network, or
once it is being saved, the registry looks it up as it always did."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.applications.models import Application
from qyzmet.applications.services import start_application
from qyzmet.applications.submission import purpose_of
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.exchange.client import ExchangeRefused, request_registry_data
from qyzmet.exchange.messages import Client
from qyzmet.exchange.models import DataAccess
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.records import kept_access_records
from tests.exchange.helpers import request_for, signed
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

NAME = "population.person.full_name"
RESIDENCE = "residence-registration"
OWN = Client(agency="internal-affairs", system="submission")


def _looked_up(queries: CaptureQueriesContext) -> bool:
    return any('FROM "applications_application"' in q["sql"] for q in queries)


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def test_an_unsaved_application_is_not_looked_up_by_a_registry_of_this_process(citizen):
    application = Application(id=uuid.uuid4(), citizen=citizen, subject_iin=citizen.iin)

    with kept_access_records(), CaptureQueriesContext(connection) as queries:
        purpose = purpose_of(application, service_version(RESIDENCE))
        granted = request_registry_data(
            client=OWN, subject=citizen.iin, fields=[NAME], purpose=purpose
        )

    assert set(granted) == {NAME}
    assert not _looked_up(queries)
    access = DataAccess.objects.get()  # recorded all the same, when the block ended
    assert (access.outcome, access.purpose_ref) == ("granted", str(application.pk))


@pytest.mark.parametrize(
    ("client", "fields", "refusal"),
    [
        (Client(agency="justice", system="submission"), [NAME], "purpose.client"),
        (OWN, ["vehicles.person.vehicles"], "field.not_allowed"),  # the service does not declare
    ],
)
def test_an_unsaved_applications_reads_are_refused_as_before_and_recorded(
    citizen, client, fields, refusal
):
    application = Application(id=uuid.uuid4(), citizen=citizen, subject_iin=citizen.iin)

    with kept_access_records(), pytest.raises(ExchangeRefused) as refused:
        purpose = purpose_of(application, service_version(RESIDENCE))
        request_registry_data(client=client, subject=citizen.iin, fields=fields, purpose=purpose)

    assert refused.value.refusal == refusal
    access = DataAccess.objects.get()
    assert access.outcome == "refused" and access.refusal.startswith(refusal)


def test_a_saved_application_is_looked_up_and_bound_to_whom_it_concerns(citizen, demo_people):
    application = start_application(citizen=citizen, channel="api", service=RESIDENCE)

    with kept_access_records() as kept, pytest.raises(ExchangeRefused) as refused:
        purpose = purpose_of(application, service_version(RESIDENCE))
        assert not kept.unsaved  # saved: nothing to tell the registry
        request_registry_data(
            client=OWN, subject=demo_people["pensioner"], fields=[NAME], purpose=purpose
        )

    assert refused.value.refusal == "subject.not_allowed"


def test_a_registry_answering_over_the_network_trusts_no_asker_memory(citizen, demo_people):
    """Even told (wrongly) that a saved application is unsaved, a request that did not come
    through this process's own transport has the application looked up."""
    application = start_application(citizen=citizen, channel="api", service=RESIDENCE)
    purpose = purpose_of(application, service_version(RESIDENCE))
    request = request_for(
        subject=demo_people["pensioner"], fields=[NAME], purpose=purpose, client=OWN
    )

    with kept_access_records() as kept, CaptureQueriesContext(connection) as queries:
        kept.unsaved.add(str(application.pk))
        answer = answer_request(token=signed(request), serving="", in_process=False)

    assert answer.response.refusal == "subject.not_allowed"
    assert _looked_up(queries)


def test_an_application_being_saved_is_looked_up_again(citizen):
    application = Application(id=uuid.uuid4(), citizen=citizen, subject_iin=citizen.iin)

    with kept_access_records() as kept:
        purpose_of(application, service_version(RESIDENCE))
        assert kept.unsaved == {str(application.pk)}
        kept.write()  # the submission's transaction writes: the application is being saved
        assert not kept.unsaved
        kept.kept()


def test_a_request_replayed_in_a_later_submission_is_refused_and_recorded(citizen):
    """A message answered in a submission that stood is refused when it comes again, and the
    refusal is on its record."""
    application = Application(id=uuid.uuid4(), citizen=citizen, subject_iin=citizen.iin)
    with kept_access_records():
        purpose = purpose_of(application, service_version(RESIDENCE))
    token = signed(request_for(subject=citizen.iin, fields=[NAME], purpose=purpose, client=OWN))
    with kept_access_records() as kept:
        kept.unsaved.add(str(application.pk))
        first = answer_request(token=token, in_process=True).response

    with kept_access_records() as kept:
        kept.unsaved.add(str(application.pk))
        again = answer_request(token=token, in_process=True).response

    assert first.granted
    assert (again.refusal, again.data) == ("replay", {})
    access = DataAccess.objects.get(message_id=first.in_reply_to)  # the first record stays
    assert access.outcome == "granted"
    replays = AuditRecord.objects.filter(action="exchange.refused", object_id=str(access.pk))
    assert [r.details["refusal"]["code"] for r in replays] == ["replay"]
