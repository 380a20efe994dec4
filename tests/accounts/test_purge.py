"""Sign-in records are kept only while a limit or a lockout needs them."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from qyzmet.accounts.attempts import purge_sign_in_records
from qyzmet.accounts.models import SignInAttempt, SignInChallenge
from qyzmet.accounts.signin import request_code
from qyzmet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_old_attempts_codes_and_their_messages_are_deleted(demo_people):
    iin = request_code(
        iin=demo_people["parent"], language="en", channel="test", requester="browser"
    )
    assert SignInChallenge.objects.filter(iin=iin).exists()
    assert Notification.objects.filter(kind="signin.code", address=iin).exists()

    assert purge_sign_in_records() == {"attempts": 0, "codes": 0, "code messages": 0}
    later = timezone.now() + datetime.timedelta(days=2)
    assert purge_sign_in_records(now=later) == {"attempts": 1, "codes": 1, "code messages": 1}
    assert not SignInAttempt.objects.filter(iin=iin).exists()
    assert not Notification.objects.filter(kind="signin.code", address=iin).exists()


def test_the_command_says_what_it_deleted(capsys):
    call_command("signin", "purge")
    assert "attempts" in capsys.readouterr().out
