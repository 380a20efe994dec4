"""The officer's list of a day at a centre shows people's names and what they come for: each
person's data tracker says so, once per visit, officer and day, not on every reload."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.accounts.officers import enroll_totp
from qyzmet.appointments.models import Visit
from qyzmet.audit.models import AuditRecord
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.entries import entries_for
from qyzmet.tracker.selectors import accesses_of
from tests.appointments.helpers import id_card_case
from tests.appointments.test_pages import free_times, urls
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db
DAY_LIST = "/back-office/centres/astana-yesil/"


@pytest.fixture
def visit(client):
    case = id_card_case()
    client.force_login(case.application.citizen)
    client.post(urls(case)[1], {"centre": "astana-yesil", "starts_at": free_times()[0].isoformat()})
    visit = Visit.objects.get(case=case)
    Visit.objects.filter(pk=visit.pk).update(
        starts_at=timezone.now().replace(second=0, microsecond=0)
    )  # it is today
    client.logout()
    return visit


def test_opening_the_day_list_is_in_the_citizens_tracker_once_per_officer_and_day(client, visit):
    sign_in_as(client, officer_with_second_factor("digital-development"))
    for _ in range(3):  # reloads write nothing more
        assert client.get(DAY_LIST).status_code == 200
    citizen = visit.case.application.citizen
    [entry] = entries_for(citizen, accesses_of(citizen).filter(registry="appointments"))
    assert entry.registry["en"] == "Your visits to a service centre"
    assert [f.label["ru"] for f in entry.fields] == ["Ваше имя, время и услуга в списке дня приёма"]
    assert entry.system["en"] == "An officer's view of a case"
    assert AuditRecord.objects.filter(action="visit.day_list_read").count() == 1

    other = OfficerFactory(agency=visit.centre.agency, username="officer-at-the-desk")
    enroll_totp(officer=other, channel="test")
    sign_in_as(client, other)  # another officer of the centre reads it too
    assert client.get(DAY_LIST).status_code == 200
    assert DataAccess.objects.filter(registry="appointments").count() == 2


def test_the_next_day_the_list_is_recorded_again(client, visit, monkeypatch):
    sign_in_as(client, officer_with_second_factor("digital-development"))
    client.get(DAY_LIST)
    today = timezone.localdate()  # the visit's day where the centre is (not UTC's date)
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    client.get(f"{DAY_LIST}?day={today.isoformat()}")
    assert DataAccess.objects.filter(registry="appointments").count() == 2


def test_a_day_without_visits_writes_nothing(client, visit):
    sign_in_as(client, officer_with_second_factor("digital-development"))
    far = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert client.get(f"{DAY_LIST}?day={far}").status_code == 200
    assert not DataAccess.objects.filter(registry="appointments").exists()
