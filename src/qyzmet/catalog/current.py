"""The current catalogue as each process keeps it (decision 63): the current version of every
service (with its service and agency) and of every life situation, read in two queries and kept
for ``QYZMET_CATALOGUE_CACHE_SECONDS``. A change to the catalogue in this process (a load, an
edit in the admin) forgets it at once and again when its transaction commits; a version
published by ``qyzmet catalog load`` in another process is seen here within those seconds.

What is kept is shared by every request of the process: read it, never change it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from qyzmet.catalog.models import LifeSituation, LifeSituationVersion, Service, ServiceVersion


@dataclass(frozen=True)
class Current:
    services: dict[str, Service]  # by slug, in slug order, each with current and agency
    situations: dict[str, LifeSituation]  # by slug, in slug order, each with current
    versions: dict[Any, ServiceVersion] = field(default_factory=dict)  # current ones, by pk
    until: float = 0.0


_lock = threading.Lock()
_kept: Current | None = None


def _read() -> Current:
    services = {}
    for service in Service.objects.filter(current__isnull=False).select_related(
        "current", "agency"
    ):
        assert service.current is not None
        service.current.service = service  # read already, with its agency: no query for either
        services[service.slug] = service
    situations = {
        situation.slug: situation
        for situation in LifeSituation.objects.filter(current__isnull=False).select_related(
            "current"
        )
    }
    versions = {s.current.pk: s.current for s in services.values() if s.current is not None}
    seconds = settings.CATALOGUE_CACHE_SECONDS
    return Current(services, situations, versions, until=time.monotonic() + seconds)


def current() -> Current:
    """The current catalogue, read afresh when what this process kept is too old (or when
    keeping is off: ``QYZMET_CATALOGUE_CACHE_SECONDS`` 0), or the catalogue changed here."""
    global _kept
    kept = _kept
    if kept is not None and kept.until > time.monotonic():
        return kept
    fresh = _read()
    if _changing_here():
        return fresh  # this transaction changed the catalogue: not everyone's yet, not kept
    with _lock:
        _kept = fresh if settings.CATALOGUE_CACHE_SECONDS > 0 else None
    return fresh


def forget() -> None:
    """Read the catalogue afresh next time (now, and when the change's transaction commits)."""
    global _kept
    with _lock:
        _kept = None
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(forget_now)


def forget_now() -> None:
    """Read the catalogue afresh next time, whatever the open transaction does (a test's
    start: what a rolled-back test read is not remembered)."""
    global _kept
    with _lock:
        _kept = None


def _changing_here() -> bool:
    """Whether the open transaction of this thread changed the catalogue (its forgetting waits
    for the commit); a rolled back one leaves nothing waiting."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    return any(entry[1] is forget_now for entry in connection.run_on_commit)


def forget_on_change(sender: Any, **kwargs: Any) -> None:
    """A signal receiver: a row of the catalogue was saved or deleted."""
    forget()


WATCHED = (Service, ServiceVersion, LifeSituation, LifeSituationVersion)
