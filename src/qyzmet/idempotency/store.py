"""Answer a retried request once: ``begin_request`` claims a caller's key for a request (or
gives the response already kept for it), ``complete_request`` keeps the response.

- The same key with the same request (method, path, body) gets the first response again.
- The same key with another request is a conflict (``idempotency.conflict``).
- While the first request runs, the same request again is a conflict too
  (``idempotency.in_progress``, come back in a second): one execution, never two. The claim
  is a lease of ``LEASE``, renewed while the request runs (``idempotency.leases``); a claim
  whose lease ran out belongs to a request that died (its server killed, or the database gone
  when it wanted to free the key), and the next request takes it over (decision 0056).
- Only answers a retry could not change are kept: 2xx, and 4xx but 409 and 429. After a 5xx,
  a 409 or a 429 the key is free again, so the client can retry.
- A key is remembered ``settings.IDEMPOTENCY_KEY_HOURS``; ``purge_expired_requests`` (daily)
  deletes what is older.

The unique (caller, key) row settles races between app servers: the first insert wins."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from qyzmet.core.errors import Conflict
from qyzmet.core.inserts import insert_rows
from qyzmet.core.prepared import prepared
from qyzmet.core.updates import update_where
from qyzmet.idempotency.models import IdempotentRequest

LEASE = datetime.timedelta(seconds=10)  # a dead request's key is free again this soon
RENEW_EVERY = datetime.timedelta(seconds=3)  # a running request's lease is renewed this often
NOT_KEPT = {409, 429}


class InProgress(Conflict):
    """The first request with this key is still running."""

    retry_after = 1

    def __init__(self) -> None:
        super().__init__("idempotency.in_progress")


@dataclass(frozen=True)
class Fingerprint:
    method: str
    path: str
    body_sha256: str


@dataclass(frozen=True)
class StoredResponse:
    status: int
    content_type: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Started:
    """This request holds the key; complete it with its response. ``fresh``: claimed new, not
    taken over from a request whose lease ran out (which may have done its work and died
    before it answered)."""

    pk: int
    claim: uuid.UUID
    fresh: bool = True


def kept(status: int) -> bool:
    """Whether an answer with ``status`` is replayed to a retry."""
    return 200 <= status < 300 or (400 <= status < 500 and status not in NOT_KEPT)


def _fingerprint(record: IdempotentRequest) -> Fingerprint:
    return Fingerprint(method=record.method, path=record.path, body_sha256=record.body_sha256)


def _response(record: IdempotentRequest) -> StoredResponse:
    assert record.status is not None
    return StoredResponse(
        status=record.status, content_type=record.content_type, body=bytes(record.body),
        headers=dict(record.headers),
    )  # fmt: skip


def _insert(*, caller: str, key: str, fingerprint: Fingerprint, now: datetime.datetime) -> Started:
    """The claim, committed before the request's work runs: in autocommit the INSERT is its
    own transaction (no BEGIN and COMMIT around one statement); inside a transaction, in a
    savepoint, so that a refused INSERT leaves the transaction usable for the read after it."""
    fields = {
        "caller": caller, "key": key, "method": fingerprint.method, "path": fingerprint.path,
        "body_sha256": fingerprint.body_sha256, "started_at": now, "lease_until": now + LEASE,
        "expires_at": now + datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS),
    }  # fmt: skip
    record = IdempotentRequest(**fields)
    if connection.get_autocommit():
        insert_rows([record])
    else:
        with transaction.atomic():
            insert_rows([record])
    return Started(pk=record.pk, claim=record.claim)


@prepared  # lookups by key and writes, on every POST with a key (decision 0080)
def begin_request(
    *, caller: str, key: str, fingerprint: Fingerprint, now: datetime.datetime | None = None
) -> Started | StoredResponse:
    """Claim ``key`` of ``caller`` for this request, or the response kept for it. Raises
    ``Conflict`` when the key was used for another request, ``InProgress`` while the first
    one runs."""
    now = now or timezone.now()
    for _ in range(3):  # the row may be purged or expire between our insert and our read
        try:
            return _insert(caller=caller, key=key, fingerprint=fingerprint, now=now)
        except IntegrityError:
            pass
        earlier = IdempotentRequest.objects.filter(caller=caller, key=key).first()
        if earlier is None:
            continue
        if earlier.expires_at <= now:
            IdempotentRequest.objects.filter(pk=earlier.pk, expires_at__lte=now).delete()
            continue
        if _fingerprint(earlier) != fingerprint:
            raise Conflict("idempotency.conflict")
        if earlier.status is not None:
            return _response(earlier)
        if earlier.lease_until > now:
            raise InProgress()
        claim = uuid.uuid4()
        taken = IdempotentRequest.objects.filter(
            pk=earlier.pk, claim=earlier.claim, status__isnull=True
        ).update(claim=claim, started_at=now, lease_until=now + LEASE)
        if taken:
            return Started(pk=earlier.pk, claim=claim, fresh=False)
    raise InProgress()


def renew_leases(*, running: list[Started], now: datetime.datetime | None = None) -> int:
    """Keep the claims of the requests still ``running`` theirs for another ``LEASE``; how
    many were renewed (one taken over meanwhile is not)."""
    if not running:
        return 0
    mine = IdempotentRequest.objects.filter(
        pk__in=[started.pk for started in running],
        claim__in=[started.claim for started in running],
        status=None,
    )
    return mine.update(lease_until=(now or timezone.now()) + LEASE)


@prepared
def complete_request(*, started: Started, response: StoredResponse) -> bool:
    """Keep ``response`` for retries, or free the key when it is not worth keeping (5xx, 409,
    429); True if kept. A request taken over meanwhile changes nothing."""
    mine = {"pk": started.pk, "claim": started.claim, "status": None}
    if not kept(response.status):
        IdempotentRequest.objects.filter(**mine).delete()
        return False
    fields = {
        "status": response.status,
        "content_type": response.content_type,
        "body": response.body,
        "headers": response.headers,
    }
    return bool(update_where(IdempotentRequest, where=mine, values=fields))


def abandon_request(*, started: Started) -> None:
    """Free the key after the request failed without an answer."""
    IdempotentRequest.objects.filter(pk=started.pk, claim=started.claim, status=None).delete()


def purge_expired_requests(*, now: datetime.datetime | None = None) -> int:
    """Forget the keys whose time is over; how many."""
    expired = IdempotentRequest.objects.filter(expires_at__lte=now or timezone.now())
    return expired.delete()[0]
