"""``Idempotency-Key`` on every POST of ``/api/v1/``: a retry gets the first answer again.

The same key with the same request (method, path with query, body) replays the first response
with ``Idempotent-Replayed: true``; the same key with another request is a 409; while the first
request is still running, a 409 with ``Retry-After: 1``. Keys are the caller's own: a citizen's,
an officer's, a partner's, or a partner's for one citizen (a grant); an anonymous caller's
are ignored (no POST is open to anonymous callers today). A malformed key is a 400.
What is kept, for how long and why: ``qyzmet.idempotency.store``.

Two decorators of every operation, installed with ``install(api)``: ``claim`` runs after
authentication and input validation, and claims the key (or replays); ``keep`` sees the final
response, errors included, and keeps it for retries. While the operation runs, its claim's
lease is renewed (``idempotency.leases``). When keeping the response or freeing the key fails
because the database went away, it is tried once more on a new connection (a terminated
connection is back at once); failing again, the response is still answered and the claim
runs out with its lease, so a retry after the outage is served (decision 0056)."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from ninja import NinjaAPI

from qyzmet.callers.schemes import partner_of
from qyzmet.core.errors import Malformed
from qyzmet.core.outages import database_unavailable
from qyzmet.idempotency.leases import leases
from qyzmet.idempotency.store import (
    Fingerprint,
    Started,
    StoredResponse,
    abandon_request,
    begin_request,
    complete_request,
)

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
METHODS = {"POST"}
LONGEST = 255
PATTERN = rf"^[!-~]{{1,{LONGEST}}}$"  # visible ASCII, no spaces: UUIDs, ULIDs, base64url...
REPLAYED_HEADERS = ("Content-Language", "Location", "Content-Disposition", "Cache-Control")

logger = logging.getLogger("qyzmet.api")


def key_of(request: HttpRequest) -> str | None:
    """The request's idempotency key, checked; ``None`` if it sent none or is not a POST."""
    key = request.headers.get(HEADER)
    if key is None or request.method not in METHODS:
        return None
    if not re.fullmatch(PATTERN, key):
        raise Malformed("idempotency.key_malformed", {"limit": LONGEST})
    return key


def caller_of(request: HttpRequest) -> str | None:
    """Whose keys these are: ``user:ID``, ``partner:ID``, or ``partner:ID/user:ID``; ``None``
    for an anonymous caller, whose keys nobody could tell from another's."""
    partner, user = partner_of(request), getattr(request, "auth", None)
    names = [f"partner:{partner.pk}"] if partner is not None else []
    if user is not partner and (user_id := getattr(user, "pk", None)) is not None:
        names.append(f"user:{user_id}")
    return "/".join(names) or None


def _body_sha256(request: HttpRequest) -> str:
    """SHA-256 of the body; of a multipart body already parsed (a file upload), of its fields
    and files in order, since the raw bytes are gone."""
    try:
        return hashlib.sha256(request.body).hexdigest()
    except RawPostDataException:
        digest = hashlib.sha256()
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()


def fingerprint_of(request: HttpRequest) -> Fingerprint:
    return Fingerprint(
        method=str(request.method),
        path=request.get_full_path(),
        body_sha256=_body_sha256(request),
    )


def replay(stored: StoredResponse) -> HttpResponse:
    response = HttpResponse(stored.body, status=stored.status, content_type=stored.content_type)
    for name, value in stored.headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    return response


def claim(view: Callable[..., Any]) -> Callable[..., Any]:
    """Claim the key for this request before the operation runs, or answer as the first time."""

    @functools.wraps(view)
    def claimed(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key, caller = key_of(request), caller_of(request)
        if key is None or caller is None:
            return view(request, *args, **kwargs)
        found = begin_request(caller=caller, key=key, fingerprint=fingerprint_of(request))
        if isinstance(found, StoredResponse):
            return replay(found)
        request.idempotent_request = found  # type: ignore[attr-defined]
        leases.hold(found)
        return view(request, *args, **kwargs)

    return claimed


def keep(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the response of a request that claimed a key, whatever it is (the store decides)."""

    @functools.wraps(run)
    def kept(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            finish(request, None)
            raise
        finish(request, response)
        return response

    return kept


def finish(request: HttpRequest, response: HttpResponse | None) -> None:
    """Keep ``response`` for retries, or free the key (no response: the request failed)."""
    if (started := started_by(request)) is None:
        return
    leases.release(started)
    for attempt in (1, 2):
        try:
            if response is None:
                abandon_request(started=started)
            else:
                complete_request(started=started, response=stored(response))
            return
        except DatabaseError as error:
            if not database_unavailable(error) or connection.in_atomic_block or attempt == 2:
                logger.warning("Idempotency key left to its lease (%s): %s", started.pk, error)
                return
            connection.close()  # a terminated connection: the next query opens a new one


def started_by(request: HttpRequest) -> Started | None:
    return getattr(request, "idempotent_request", None)


def claimed_fresh(request: HttpRequest) -> bool:
    """Whether this request claimed its key new: no request before it under the key was
    answered or may have done its work (``store.Started.fresh``)."""
    started = started_by(request)
    return started is not None and started.fresh


def stored(response: HttpResponse) -> StoredResponse:
    return StoredResponse(
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        body=response.content,
        headers={name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)},
    )


def install(api: NinjaAPI) -> None:
    api.add_decorator(claim, mode="operation")
    api.add_decorator(keep, mode="view")
