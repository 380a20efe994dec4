"""`qyzmet tracker`: an operator records an investigation's request to hide an access, sees
the concealments, lifts one early, and looks at a citizen's accesses with the hidden marked;
a request that is incomplete or too long is refused with the reason per option."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.tracker.models import Concealment
from qyzmet.tracker.selectors import accesses_of
from tests.factories import CitizenFactory
from tests.tracker.factories import DataAccessFactory

pytestmark = pytest.mark.django_db

HIDE = ["hide", "--basis", "criminal-investigation", "--reference", "Case 2026-0117",
        "--requested-by", "Astana police, investigation department"]  # fmt: skip


def tracker(*args: str) -> str:
    out = StringIO()
    call_command("tracker", *args, stdout=out)
    return out.getvalue()


def test_hide_list_and_lift_from_the_command_line():
    citizen = CitizenFactory()
    access = DataAccessFactory(iin=citizen.iin, message_id="req-1")
    until = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    said = tracker(HIDE[0], "req-1", *HIDE[1:], "--until", until)

    assert said.startswith(f"Access req-1 is hidden from the citizen until {until} 00:00")
    assert not accesses_of(citizen).exists()
    assert "req-1  hiding" in tracker("list", "--running")
    assert f"req-1  {timezone.localtime(access.at):%Y-%m-%d %H:%M}  granted" in tracker(
        "accesses", citizen.iin
    )
    assert f"hidden until {until} 00:00" in tracker("accesses", citizen.iin)

    assert tracker("lift", "req-1") == "Access req-1 shows to the citizen now.\n"
    assert list(accesses_of(citizen)) == [access]
    assert tracker("list", "--running") == ""
    assert "req-1  ended" in tracker("list")
    assert [r.channel for r in AuditRecord.objects.filter(action__startswith="tracker.")] == [
        "cli", "cli",
    ]  # fmt: skip


def test_hiding_for_a_number_of_days():
    DataAccessFactory(message_id="req-2")
    tracker(HIDE[0], "req-2", *HIDE[1:], "--days", "14")
    hidden = Concealment.objects.get()
    assert (hidden.until - hidden.hidden_at).days == 14


def test_an_incomplete_request_names_each_option_in_error(settings):
    settings.TRACKER_LONGEST_CONCEALMENT_DAYS = 30
    with pytest.raises(CommandError) as refused:
        tracker("hide", "no-such-request", "--days", "31")
    said = str(refused.value)
    assert "MESSAGE_ID: No exchange request has this id." in said
    assert "--basis: Name the legal basis: criminal-investigation" in said
    assert "--reference: Give the number of the decision" in said
    assert "--requested-by: Say who asked" in said
    assert "--until: An access can be hidden for at most 30 days" in said
    assert not Concealment.objects.exists()


def test_a_date_in_the_past_or_not_a_date_is_refused():
    DataAccessFactory(message_id="req-3")
    with pytest.raises(CommandError, match="The end of the period must be in the future"):
        tracker(HIDE[0], "req-3", *HIDE[1:], "--until", "2020-01-01")
    with pytest.raises(CommandError, match="Enter a date as YYYY-MM-DD"):
        tracker(HIDE[0], "req-3", *HIDE[1:], "--until", "next friday")
    with pytest.raises(CommandError, match="An access can be hidden for at most"):
        tracker(HIDE[0], "req-3", *HIDE[1:], "--days", "1e300")


def test_hiding_twice_or_lifting_what_is_not_hidden_is_refused():
    DataAccessFactory(message_id="req-4")
    with pytest.raises(CommandError, match="This access is not hidden now"):
        tracker("lift", "req-4")
    tracker(HIDE[0], "req-4", *HIDE[1:], "--days", "3")
    with pytest.raises(CommandError, match="an access is hidden once"):
        tracker(HIDE[0], "req-4", *HIDE[1:], "--days", "3")
