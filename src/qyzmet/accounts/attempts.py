"""Rate limits and lockouts of signing in, counted per IIN in the database so that every app
server sees the same counts.

- After ``MAX_FAILURES`` wrong codes for an IIN within ``FAILURE_WINDOW`` the IIN is locked
  for ``LOCK_DURATION``; a successful sign-in or a lock starts the count again.
- An IIN may request ``settings.SIGNIN_CODES_PER_HOUR`` codes per hour, and one client
  address ``settings.SIGNIN_CODES_PER_ADDRESS`` (so nobody can lock many IINs from one place).

The counts are kept for every IIN typed, registered or not, so the answers never tell whether
an IIN is in the population registry.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from qyzmet.accounts.models import SignInAttempt, SignInChallenge
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.notifications.models import Notification

MAX_FAILURES = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)
LOCK_DURATION = datetime.timedelta(minutes=15)
CODE_REQUEST_WINDOW = datetime.timedelta(hours=1)

Event = SignInAttempt.Event


def record_attempt(
    *, iin: str, event: str, channel: str, actor: Any | None = None, address: str | None = None
) -> SignInAttempt:
    """Count one event for ``iin`` and audit it (call inside the transaction of the step)."""
    attempt = SignInAttempt.objects.create(iin=iin, event=event, address=address)
    record_audit(
        actor=actor,
        action=f"signin.{event}",
        obj=attempt,
        channel=channel,
        details={"subject": subject_digest(iin)},
    )
    return attempt


def locked_until(iin: str) -> datetime.datetime | None:
    """When the lock on ``iin`` ends, or ``None`` when it is not locked."""
    last_lock = SignInAttempt.objects.filter(iin=iin, event=Event.LOCKED).order_by("-at").first()
    if last_lock is None:
        return None
    until = last_lock.at + LOCK_DURATION
    return until if until > timezone.now() else None


def ensure_not_locked(iin: str) -> None:
    """Refuse with ``signin.locked`` (and the minutes left) while ``iin`` is locked."""
    until = locked_until(iin)
    if until is not None:
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        raise Forbidden("signin.locked", {"minutes": minutes})


def ensure_may_request_code(iin: str, *, address: str | None = None) -> None:
    since = timezone.now() - CODE_REQUEST_WINDOW
    requests = SignInAttempt.objects.filter(event=Event.CODE_REQUESTED, at__gte=since)
    if requests.filter(iin=iin).count() >= settings.SIGNIN_CODES_PER_HOUR:
        raise Forbidden("signin.too_many_codes")
    if address and requests.filter(address=address).count() >= settings.SIGNIN_CODES_PER_ADDRESS:
        raise Forbidden("signin.too_many_codes")


def record_failure(*, iin: str, channel: str) -> bool:
    """Count a wrong code; lock the IIN (audited) when it was one too many. True if locked."""
    record_attempt(iin=iin, event=Event.FAILED, channel=channel)
    # Count from the window's start, or from the last sign-in or lock if that came later.
    since = timezone.now() - FAILURE_WINDOW
    restarts = SignInAttempt.objects.filter(iin=iin, event__in=[Event.SIGNED_IN, Event.LOCKED])
    restarted = restarts.aggregate(at=Max("at"))["at"]
    if restarted is not None and restarted > since:
        since = restarted
    failures = SignInAttempt.objects.filter(iin=iin, event=Event.FAILED, at__gt=since).count()
    if failures < MAX_FAILURES:
        return False
    record_attempt(iin=iin, event=Event.LOCKED, channel=channel)
    return True


KEEP_ATTEMPTS = datetime.timedelta(days=1)  # longer than every window and lock above
KEEP_CODE_MESSAGES = datetime.timedelta(hours=1)  # what the demo outbox shows


def purge_sign_in_records(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete what sign-in no longer needs: attempts older than every limit, spent or
    expired codes, and the messages that carried codes. Returns how many of each."""
    now = now or timezone.now()
    attempts, _ = SignInAttempt.objects.filter(at__lt=now - KEEP_ATTEMPTS).delete()
    challenges, _ = SignInChallenge.objects.filter(expires_at__lt=now).delete()
    messages, _ = Notification.objects.filter(
        kind="signin.code", created_at__lt=now - KEEP_CODE_MESSAGES
    ).delete()
    return {"attempts": attempts, "codes": challenges, "code messages": messages}
