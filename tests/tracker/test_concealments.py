"""An investigation hides an access from the citizen for a limited period, on a recorded
legal basis; the access appears by itself when the period ends. Incomplete or unbounded
requests to hide are refused, each field with its reason."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.core.messages import render
from qyzmet.tracker.concealments import hide_access, lift_concealment
from qyzmet.tracker.selectors import accesses_of
from tests.factories import CitizenFactory
from tests.tracker.factories import DataAccessFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def hide(access, *, days=30, now=None, **changes):
    now = now or timezone.now()
    request = {
        "message_id": access.message_id if access else "no-such-request",
        "basis": "criminal-investigation",
        "reference": "Criminal case 2026-0117",
        "requested_by": "Investigation department, Astana police, Major A. Serikov",
        "until": now + days * DAY,
    }
    return hide_access(**{**request, **changes}, actor=None, channel="cli", now=now)


def problems(invalid):
    return {p.field: render(p.code, p.params, "en") for p in invalid.value.problems}


def test_a_hidden_access_is_left_out_until_its_end_and_shown_after():
    citizen = CitizenFactory()
    seen, hidden = DataAccessFactory(iin=citizen.iin), DataAccessFactory(iin=citizen.iin)
    now = timezone.now()

    hide(hidden, days=30, now=now)

    assert list(accesses_of(citizen, now=now)) == [seen]
    assert list(accesses_of(citizen, now=now + 29 * DAY)) == [seen]
    assert list(accesses_of(citizen, now=now + 30 * DAY)) == [hidden, seen]


def test_hiding_is_audited_with_its_basis_and_who_asked():
    access = DataAccessFactory()
    concealment = hide(access)
    record = AuditRecord.objects.get(action="tracker.hide")
    assert record.object_id == str(concealment.pk)
    assert record.details["message_id"] == access.message_id
    assert record.details["basis"] == "criminal-investigation"
    assert record.details["reference"] == "Criminal case 2026-0117"
    assert record.details["requested_by"].startswith("Investigation department")


def test_lifting_a_concealment_shows_the_access_at_once_and_is_audited():
    citizen = CitizenFactory()
    access = DataAccessFactory(iin=citizen.iin)
    hide(access)
    assert not accesses_of(citizen).exists()

    lift_concealment(message_id=access.message_id, actor=None, channel="cli")

    assert list(accesses_of(citizen)) == [access]
    assert AuditRecord.objects.filter(action="tracker.lift").count() == 1
    with pytest.raises(Conflict) as again:
        lift_concealment(message_id=access.message_id, actor=None, channel="cli")
    assert again.value.code == "tracker.not_hidden"


def test_an_access_is_hidden_once_at_most():
    access = DataAccessFactory()
    hide(access)
    with pytest.raises(Conflict) as twice:
        hide(access)
    assert twice.value.code == "tracker.already_hidden"


def test_an_unknown_access_is_refused():
    with pytest.raises(Invalid) as refused:
        hide(None)
    assert problems(refused) == {"message_id": "No exchange request has this id."}


def test_a_missing_basis_reference_or_requester_is_refused():
    with pytest.raises(Invalid) as refused:
        hide(DataAccessFactory(), basis="", reference="  ", requested_by="")
    found = problems(refused)
    assert found["basis"].startswith("Name the legal basis: criminal-investigation, ")
    assert found["reference"] == "Give the number of the decision or case the basis rests on."
    assert found["requested_by"] == "Say who asked: the authority and the official."


def test_a_basis_not_in_the_list_is_refused():
    with pytest.raises(Invalid) as refused:
        hide(DataAccessFactory(), basis="curiosity")
    assert set(problems(refused)) == {"basis"}


def test_a_period_longer_than_allowed_is_refused(settings):
    settings.TRACKER_LONGEST_CONCEALMENT_DAYS = 90
    access = DataAccessFactory()
    with pytest.raises(Invalid) as refused:
        hide(access, days=91)
    assert problems(refused)["until"].startswith("An access can be hidden for at most 90 days")
    assert hide(access, days=90).until > timezone.now()


def test_an_end_in_the_past_is_refused():
    with pytest.raises(Invalid) as refused:
        hide(DataAccessFactory(), days=-1)
    assert problems(refused) == {"until": "The end of the period must be in the future."}
