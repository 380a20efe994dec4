"""A partner cannot tell whether an IIN is in the population registry from the time its
consent requests take: asking and confirming do the same work (queries on the same tables,
registry reads through the exchange) for a registered citizen, with an account or without,
and for an unknown IIN. Measured as work, not as wall-clock time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qyzmet.accounts.models import User
from qyzmet.notifications.models import Notification
from qyzmet.partners.consents import confirm_consent, request_consent
from qyzmet.partners.onboarding import onboard_partner
from tests.accounts.helpers import unregistered_iin
from tests.accounts.test_signin_work import Work, work_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return onboard_partner(name="Demo Bank", scopes=["consents:request", "applications:read"])


def asking(bank: Any, iin: str) -> Callable[[], Any]:
    return lambda: request_consent(
        partner=bank.partner, iin=iin, scopes=["applications:read"], purpose="A mortgage"
    )


def confirming(bank: Any, consent: Any) -> Callable[[], Any]:
    return lambda: confirm_consent(partner=bank.partner, consent_id=consent.pk, code="000000")


def with_account(iin: str) -> str:
    User.objects.create(username=f"citizen-{iin}", iin=iin, language="en")
    return iin


def works(call_for: Callable[[str], Callable[[], Any]], people: dict) -> list[Work]:
    work_of(call_for(people["young_adult"]))  # keys and caches read once
    iins = [with_account(people["parent"]), people["pensioner"], unregistered_iin()]
    return [work_of(call_for(iin)) for iin in iins]


def test_asking_for_consent_does_the_same_work_whoever_the_iin_is(bank, demo_people):
    account, registered, unknown = works(lambda iin: asking(bank, iin), demo_people)
    assert unknown.registry_reads == 1
    assert account == registered == unknown


def test_a_wrong_consent_code_does_the_same_work_whoever_the_iin_is(bank, demo_people):
    def confirming_for(iin: str) -> Callable[[], Any]:
        return confirming(bank, asking(bank, iin)())

    account, registered, unknown = works(confirming_for, demo_people)
    assert unknown.registry_reads == 1
    assert account == registered == unknown


def test_the_code_reaches_only_a_registered_citizen_and_their_inbox_too(bank, demo_people):
    asking(bank, unregistered_iin())()
    assert not Notification.objects.filter(kind="consent.code").exists()
    iin = with_account(demo_people["parent"])
    asking(bank, iin)()
    sent = Notification.objects.filter(kind="consent.code", address=iin)
    assert sorted(sent.values_list("channel", flat=True)) == ["console", "inbox"]
