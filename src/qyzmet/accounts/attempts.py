"""Rate limits and lockouts of signing in.

- Wrong codes lock out *whoever types them*, never the IIN: ``MAX_FAILURES`` wrong codes from
  one requester (the browser session or chat that asked for the code) at one client address
  within ``FAILURE_WINDOW`` refuse that requester and address until the window ends. So a
  stranger typing wrong codes for someone's IIN locks only themself out; each code also
  works only for the requester it was sent for, and dies after ``MAX_WRONG_CODES``
  (``signin.py``). The failures are counted by django-ratelimit in Django's cache (shared by
  the app servers when ``QYZMET_CACHE_URL`` names one; see decision 27).
- Asking for codes is limited per *requester* too, never per IIN alone: one requester at one
  client address may ask ``settings.SIGNIN_CODES_PER_HOUR`` codes an hour, and one origin
  (the client address, or the chat when there is none) have as many sent to one IIN, so
  a stranger asking codes for someone's IIN uses up only their own allowance, and the
  citizen's phone gets at most that many codes an hour from each place that asks. Both are
  counted by django-ratelimit in the cache, like wrong codes. One client address may also
  ask ``settings.SIGNIN_CODES_PER_ADDRESS`` codes an hour whatever the IINs, counted in the
  database. The address is the client's behind the trusted proxies
  (``core.clients.client_address``).

Every event is also a row (``SignInAttempt``) with its audit record. The counts are kept for
every IIN typed, registered or not, so the answers never tell whether an IIN is in the
population registry.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

from qyzmet.accounts.models import SignInAttempt, SignInChallenge
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden
from qyzmet.core.pseudonyms import keyed_digest, subject_digest
from qyzmet.notifications.models import Notification

MAX_FAILURES = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)
CODE_REQUEST_WINDOW = datetime.timedelta(hours=1)
FAILURES_GROUP = "qyzmet.signin.failures"
REQUESTS_GROUP = "qyzmet.signin.code-requests"  # per requester at an address
SENT_GROUP = "qyzmet.signin.codes-sent"  # per IIN and origin

Event = SignInAttempt.Event


def record_attempt(
    *,
    iin: str,
    event: str,
    channel: str,
    actor: Any | None = None,
    address: str | None = None,
    provider: str = "",
) -> SignInAttempt:
    """Count one event for ``iin`` and audit it, naming the identity ``provider`` when one
    proved the person (call inside the transaction of the step)."""
    attempt = SignInAttempt.objects.create(iin=iin, event=event, address=address or None)
    details = {"subject": subject_digest(iin)} | ({"provider": provider} if provider else {})
    record_audit(
        actor=actor, action=f"signin.{event}", obj=attempt, channel=channel, details=details
    )
    return attempt


def requester_digest(requester: str) -> str:
    """The keyed hash a code's requester is stored and counted by."""
    return keyed_digest(requester, purpose="signin-requester")


def _usage(
    *, group: str, value: str, limit: int, window: datetime.timedelta, increment: bool
) -> dict[str, Any]:
    """django-ratelimit's count of ``value``'s events in ``group`` in the current window."""
    seconds = int(window.total_seconds())
    usage = get_usage(
        None,  # the key below says whose events these are; no request is needed
        group=group,
        key=lambda group, request: value,
        rate=f"{limit}/{seconds}s",
        increment=increment,
    )
    return usage or {"count": 0, "limit": limit, "time_left": 0}  # limits switched off


def _failures(*, requester: str, address: str | None, increment: bool) -> dict[str, Any]:
    """The count of wrong codes of this requester at this address."""
    value = f"{requester_digest(requester)}|{address or ''}"
    return _usage(
        group=FAILURES_GROUP, value=value, limit=MAX_FAILURES, window=FAILURE_WINDOW,
        increment=increment,
    )  # fmt: skip


def _refuse_if_locked(usage: dict[str, Any]) -> None:
    if usage["count"] >= MAX_FAILURES:
        minutes = max(1, math.ceil(max(usage["time_left"], 0) / 60))
        raise Forbidden("signin.locked", {"minutes": minutes})


def ensure_not_locked(*, requester: str, address: str | None) -> None:
    """Refuse with ``signin.locked`` (and the minutes left) while this requester at this
    address has typed too many wrong codes."""
    _refuse_if_locked(_failures(requester=requester, address=address, increment=False))


def count_code_request(*, iin: str, requester: str, address: str | None) -> None:
    """Count a request of ``requester`` at ``address`` for a code to ``iin``, or refuse it
    with ``signin.too_many_codes`` when this requester, or this origin for this IIN, has
    asked too many this hour. Other requesters' requests never count here."""
    limit = settings.SIGNIN_CODES_PER_HOUR
    mine = f"{requester_digest(requester)}|{address or ''}"
    origin = f"address:{address}" if address else f"requester:{requester_digest(requester)}"
    for group, value in ((REQUESTS_GROUP, mine), (SENT_GROUP, f"{subject_digest(iin)}|{origin}")):
        usage = _usage(
            group=group, value=value, limit=limit, window=CODE_REQUEST_WINDOW, increment=True
        )
        if usage["count"] > limit:
            raise Forbidden("signin.too_many_codes")
    ensure_address_may_request_code(address=address)


def ensure_address_may_request_code(*, address: str | None) -> None:
    """Refuse with ``signin.too_many_codes`` when ``address`` has asked too many codes this
    hour, whatever the IINs and requesters."""
    if not address:
        return
    since = timezone.now() - CODE_REQUEST_WINDOW
    requests = SignInAttempt.objects.filter(
        event=Event.CODE_REQUESTED, at__gte=since, address=address
    )
    if requests.count() >= settings.SIGNIN_CODES_PER_ADDRESS:
        raise Forbidden("signin.too_many_codes")


def record_failure(*, iin: str, channel: str, requester: str, address: str | None) -> None:
    """Count a wrong code (after its transaction); when it was one too many, the requester at
    this address is locked out (audited) and ``signin.locked`` raised."""
    record_attempt(iin=iin, event=Event.FAILED, channel=channel, address=address)
    count_wrong_code(
        requester=requester,
        address=address,
        on_lock=lambda: record_attempt(
            iin=iin, event=Event.LOCKED, channel=channel, address=address
        ),
    )


def count_wrong_code(
    *, requester: str, address: str | None, on_lock: Callable[[], Any] | None = None
) -> None:
    """Count one wrong code (of signing in or of a confirmation: one budget) of ``requester``
    at ``address``; ``on_lock`` is called once, when it was the one that locks them out, and
    ``signin.locked`` raised while they are."""
    usage = _failures(requester=requester, address=address, increment=True)
    if usage["count"] == MAX_FAILURES and on_lock is not None:  # the lock starts now: once
        on_lock()
    _refuse_if_locked(usage)


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
