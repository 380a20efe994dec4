"""Health and readiness, for load balancers and supervisors (docs/operations.md).

``/healthz``: the process is up and answers; it touches nothing else, so a database outage
never makes a supervisor restart healthy app servers. ``/readyz``: this server can serve
requests: the database answers, every migration the code knows is applied, and the data keys
that decrypt personal data are loaded; otherwise 503 naming what is missing. Both are cheap
(one query for the database and one for the migrations), set no cookie, and are public: they
say nothing but ``ok`` or what is missing."""

from __future__ import annotations

import functools

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from qyzmet.core.keyring import KeyRingError, key_ring
from qyzmet.core.outages import RETRY_AFTER


@functools.cache
def known_migrations() -> frozenset[tuple[str, str]]:
    """Every migration of the code this process runs (read from disk once)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def missing() -> list[str]:
    """What keeps this server from serving: ``database``, ``migrations``, ``keys``."""
    found = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = set(MigrationRecorder(connection).applied_migrations())
        if known_migrations() - applied:
            found.append("migrations")
    except DatabaseError:
        found.append("database")
    try:
        key_ring(create=False)
    except (KeyRingError, OSError):
        found.append("keys")
    return found


def _answer(body: dict[str, object], status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"status": "ok"}, 200)


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    if found := missing():
        return _answer({"status": "unavailable", "missing": found}, 503)
    return _answer({"status": "ok"}, 200)
