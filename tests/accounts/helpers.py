"""Helpers for sign-in tests: IINs the registry does not know, codes from the outbox, and
moving the clock of recorded attempts and of the windows counting wrong codes."""

from __future__ import annotations

import contextlib
import datetime
import re
import types
from collections.abc import Iterator
from unittest import mock

import django_ratelimit.core
from django.db.models import F

from qyzmet.accounts.models import SignInAttempt, SignInChallenge
from qyzmet.core.identifiers import make_iin
from qyzmet.notifications.models import Notification
from qyzmet.registries.models import Person


def unregistered_iin() -> str:
    """A well-formed IIN of nobody in the population registry."""
    for serial in range(1, 10_000):
        iin = make_iin(datetime.date(1961, 7, 14), "F", serial)
        if iin and not Person.objects.filter(iin=iin).exists():
            return iin
    raise AssertionError("no free IIN")


def adult_without_phone() -> str:
    """The IIN of a living adult for whom the population registry holds no mobile number."""
    for person in Person.objects.filter(death_date__isnull=True).order_by("id"):
        if not person.mobile_phone and person.birth_date < datetime.date(2000, 1, 1):
            return person.iin
    raise AssertionError("the generated registry has adults without a mobile number")


def code_sent_to(iin: str) -> str:
    """The one-time code in the newest sign-in message to ``iin`` in the outbox."""
    message = Notification.objects.filter(kind="signin.code", address=iin).order_by("-id").first()
    assert message is not None, f"no code was sent to {iin}"
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found, message.body
    return found.group(1)


def wrong_code(iin: str) -> str:
    return f"{(int(code_sent_to(iin)) + 1) % 1_000_000:06d}"


def minutes_pass(minutes: int) -> None:
    """As if ``minutes`` had passed for every recorded sign-in attempt and challenge."""
    delta = datetime.timedelta(minutes=minutes)
    SignInAttempt.objects.update(at=F("at") - delta)
    SignInChallenge.objects.update(
        created_at=F("created_at") - delta, expires_at=F("expires_at") - delta
    )


@contextlib.contextmanager
def later(minutes: int) -> Iterator[None]:
    """As if ``minutes`` had passed for the windows django-ratelimit counts wrong codes in."""
    now = django_ratelimit.core.time.time()  # held still for each test (tests/conftest.py)
    clock = types.SimpleNamespace(time=lambda: now + minutes * 60)
    with mock.patch("django_ratelimit.core.time", clock):
        yield
