"""Operators record concealments in the admin, checked like the command line, and lift them
there; nothing is edited or deleted, and every change is audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.tracker.models import Concealment
from tests.tracker.factories import DataAccessFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/tracker/concealment/add/"


def form(message_id, *, days=30, **changes):
    until = timezone.localtime() + datetime.timedelta(days=days)
    return {
        "message_id": message_id,
        "basis": "court-order",
        "reference": "Order 2-117/2026",
        "requested_by": "Astana city court, judge B. Nurlanova",
        "until_0": f"{until:%Y-%m-%d}",
        "until_1": f"{until:%H:%M:%S}",
        **changes,
    }


def test_an_operator_hides_an_access_in_the_admin(admin_client, admin_user):
    DataAccessFactory(message_id="req-1")

    response = admin_client.post(ADD, form("req-1"))

    assert response.status_code == 302, response.content.decode()[:2000]
    concealment = Concealment.objects.get()
    assert (concealment.basis, concealment.recorded_by) == ("court-order", admin_user)
    record = AuditRecord.objects.get(action="tracker.hide")
    assert (record.channel, record.actor) == ("admin", admin_user)
    page = admin_client.get(f"/admin/tracker/concealment/{concealment.pk}/change/")
    assert page.status_code == 200 and "req-1" in page.content.decode()


def test_an_invalid_request_is_refused_with_the_reason_per_field(admin_client, settings):
    settings.TRACKER_LONGEST_CONCEALMENT_DAYS = 30
    response = admin_client.post(ADD, form("nope", days=31, basis="", reference=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert "No exchange request has this id." in html
    assert "Name the legal basis" in html
    assert "Give the number of the decision or case the basis rests on." in html
    assert "An access can be hidden for at most 30 days" in html
    assert not Concealment.objects.exists()


def test_an_access_hidden_before_is_refused(admin_client):
    DataAccessFactory(message_id="req-2")
    admin_client.post(ADD, form("req-2"))
    again = admin_client.post(ADD, form("req-2"))
    assert again.status_code == 200
    assert "an access is hidden once" in again.content.decode()
    assert Concealment.objects.count() == 1


def test_an_operator_lifts_a_concealment(admin_client):
    DataAccessFactory(message_id="req-3")
    admin_client.post(ADD, form("req-3"))
    concealment = Concealment.objects.get()

    admin_client.post(
        "/admin/tracker/concealment/", {"action": "lift", "_selected_action": [concealment.pk]}
    )

    concealment.refresh_from_db()
    assert concealment.lifted_at is not None
    assert AuditRecord.objects.filter(action="tracker.lift", channel="admin").count() == 1
