"""A request whose signature does not verify is no access to anyone's data: its sender and
content cannot be believed, so the citizen it names never sees it in their data tracker (the
portal, the API); operators find it in the security log, and their reading is audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.exchange import server
from qyzmet.exchange.client import legal_basis
from qyzmet.exchange.messages import Client
from qyzmet.exchange.models import DataAccess, SecurityEvent
from qyzmet.exchange.security import read_security_log
from tests.exchange.helpers import request_for, signed
from tests.exchange.test_server import forged, post
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
SIGN_IN = Client(agency="digital-development", system="signin")
LIVING = "population.person.living"
CHILDREN = "population.person.children"


@pytest.fixture(autouse=True)
def _served(settings, monkeypatch):
    monkeypatch.setattr(server, "close_old_connections", lambda: None)  # the test's connection
    settings.EXCHANGE_AGENCY = "internal-affairs"
    cache.clear()


def message_id(token: str) -> str:
    import jwt

    return str(jwt.decode(token, options={"verify_signature": False})["jti"])


def tracker_ids(client) -> tuple[str, list[str]]:
    page = client.get("/data-tracker/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    listed = [access["id"] for access in client.get("/api/v1/data-accesses").json()]
    return page, listed


def test_a_forged_request_about_a_citizen_is_not_in_their_data_tracker(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    forgery = forged(citizen.iin)
    too_much = request_for(  # well signed, refused by policy: the citizen sees this one
        subject=citizen.iin, fields=[LIVING, CHILDREN], purpose=legal_basis("citizen-sign-in"),
        client=SIGN_IN,
    )  # fmt: skip

    assert post(forgery, sender="203.0.113.5")[0] == 403
    assert post(signed(too_much))[0] == 403

    client.force_login(citizen)
    page, listed = tracker_ids(client)
    assert f'id="access-{too_much.message_id}"' in page and too_much.message_id in listed
    assert message_id(forgery) not in page and message_id(forgery) not in listed
    assert not DataAccess.objects.filter(message_id=message_id(forgery)).exists()

    [event] = SecurityEvent.objects.all()
    assert (event.kind, event.sender, event.message_id) == (
        "signature", "203.0.113.5", message_id(forgery)
    )  # fmt: skip
    assert event.claimed_client == "internal-affairs/prefill"
    assert event.provider_agency == "internal-affairs" and event.registry == "population"
    assert citizen.iin not in str(event.__dict__)  # a keyed hash of whom it names, not the IIN
    record = AuditRecord.objects.get(pk=event.audit_record)
    assert record.action == "exchange.untrusted" and record.object_id == str(event.pk)


def test_operators_read_the_security_log_and_their_reading_is_audited(demo_people, capsys):
    post(forged(demo_people["parent"]), sender="198.51.100.7")

    call_command("exchange", "security-log", "--hours", "1", "--operator", "aigerim")

    printed = capsys.readouterr().out
    assert "signature  from 198.51.100.7  to internal-affairs" in printed
    assert "claims internal-affairs/prefill  population population.person.full_name" in printed
    [read] = AuditRecord.objects.filter(action="exchange.security_log_read")
    assert read.channel == "cli" and read.details["operator"] == "aigerim"
    assert read.details["events"] == 1


def test_the_security_log_is_read_only_in_the_admin_and_each_page_shown_is_audited(
    admin_client, demo_people
):
    post(forged(demo_people["parent"]))
    event = SecurityEvent.objects.get()

    listing = admin_client.get("/admin/exchange/securityevent/")
    one = admin_client.get(f"/admin/exchange/securityevent/{event.pk}/change/")

    assert listing.status_code == one.status_code == 200
    assert "10.0.0.9" in listing.content.decode()
    assert admin_client.get("/admin/exchange/securityevent/add/").status_code == 403
    reads = AuditRecord.objects.filter(action="exchange.security_log_read")
    assert [r.channel for r in reads] == ["admin", "admin"]
    assert reads[0].actor_label == "admin"


def test_nothing_shown_is_nothing_audited(demo_people):
    assert read_security_log(reader=None, channel="cli", limit=10) == []
    assert not AuditRecord.objects.filter(action="exchange.security_log_read").exists()


def test_forged_requests_recorded_before_leave_the_data_trackers_for_the_security_log(
    demo_people,
):
    import importlib

    from django.apps import apps

    from qyzmet.tracker.concealments import hide_access
    from tests.tracker.factories import DataAccessFactory

    moving = importlib.import_module(
        "qyzmet.exchange.migrations.0004_untrusted_requests_leave_the_tracker"
    )
    iin = demo_people["parent"]
    forgery = DataAccessFactory(iin=iin, refused=True, refusal="signature: key not listed")
    concealed = DataAccessFactory(iin=iin, refused=True, refusal="signature: bad")
    hide_access(
        message_id=concealed.message_id, basis="criminal-investigation", reference="Case 1",
        requested_by="Investigation department", until=timezone.now() + datetime.timedelta(days=9),
        actor=None, channel="cli",
    )  # fmt: skip
    by_policy = DataAccessFactory(iin=iin, refused=True)

    moving.move_untrusted_requests(apps, None)

    assert set(DataAccess.objects.values_list("pk", flat=True)) == {concealed.pk, by_policy.pk}
    [event] = SecurityEvent.objects.all()
    assert (event.message_id, event.reason, event.subject) == (
        forgery.message_id, "key not listed", forgery.subject
    )  # fmt: skip
    assert event.claimed_client == "labour/prefill" and event.purpose["kind"] == "legal_basis"
