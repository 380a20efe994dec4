"""Sign-in records are kept only while a limit or a lockout needs them."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from qyzmet.accounts.attempts import purge_sign_in_records
from qyzmet.accounts.models import ConsumedNonce, SignInAttempt, SignInChallenge
from qyzmet.accounts.oidc import NONCE_KEPT, TRIP_LIFETIME, consume_nonce
from qyzmet.accounts.signin import request_code
from qyzmet.core.errors import Forbidden
from qyzmet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_old_attempts_codes_and_their_messages_are_deleted(demo_people):
    iin = request_code(
        iin=demo_people["parent"], language="en", channel="test", requester="browser"
    )
    assert SignInChallenge.objects.filter(iin=iin).exists()
    assert Notification.objects.filter(kind="signin.code", address=iin).exists()

    assert purge_sign_in_records() == {"attempts": 0, "codes": 0, "code messages": 0, "nonces": 0}
    later = timezone.now() + datetime.timedelta(days=2)
    assert purge_sign_in_records(now=later) == {
        "attempts": 1, "codes": 1, "code messages": 1, "nonces": 0
    }  # fmt: skip
    assert not SignInAttempt.objects.filter(iin=iin).exists()
    assert not Notification.objects.filter(kind="signin.code", address=iin).exists()


def test_a_spent_openid_nonce_is_kept_longer_than_any_trip_then_deleted():
    consume_nonce(issuer="https://idp.example", nonce="n-1", provider="oidc")
    after_the_longest_trip = timezone.now() + TRIP_LIFETIME + datetime.timedelta(minutes=1)
    assert purge_sign_in_records(now=after_the_longest_trip)["nonces"] == 0
    with pytest.raises(Forbidden):
        consume_nonce(issuer="https://idp.example", nonce="n-1", provider="oidc")
    assert purge_sign_in_records(now=timezone.now() + NONCE_KEPT * 2)["nonces"] == 1
    assert not ConsumedNonce.objects.exists()


def test_the_command_says_what_it_deleted(capsys):
    call_command("signin", "purge")
    assert "attempts" in capsys.readouterr().out
