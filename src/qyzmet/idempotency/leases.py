"""The leases of the claims this process holds, renewed while their requests run.

A claim on an idempotency key is its request's for ``store.LEASE`` at a time. One thread per
process renews the claims of the requests still running every ``store.RENEW_EVERY``, so a long
request keeps its key, and a request that died (with its process, or unable to free its key
while the database was gone) loses it within ``LEASE``: the client's next retry takes over.
A claim held for less than ``RENEW_EVERY`` is not renewed yet (most of its lease is left: it
will be at the next turn), so requests of the usual length never cost a renewal.
The thread uses a connection of its own, opened for each renewal and closed after it."""

from __future__ import annotations

import logging
import os
import threading
import time

from django.db import DatabaseError, close_old_connections, connection

from qyzmet.idempotency.store import RENEW_EVERY, Started, renew_leases

logger = logging.getLogger("qyzmet.idempotency")


class Leases:
    def __init__(self) -> None:
        self._held: dict[Started, float] = {}  # since when (``time.monotonic``)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def hold(self, started: Started) -> None:
        """Renew ``started``'s lease until ``release``."""
        with self._lock:
            self._held[started] = time.monotonic()
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()  # a thread does not survive a fork (gunicorn workers)
                self._thread = threading.Thread(
                    target=self._renew_forever, name="idempotency-leases", daemon=True
                )
                self._thread.start()

    def release(self, started: Started) -> None:
        with self._lock:
            self._held.pop(started, None)

    def held(self) -> list[Started]:
        with self._lock:
            return list(self._held)

    def due(self, now: float | None = None) -> list[Started]:
        """The claims held for ``RENEW_EVERY`` or longer: those to renew now."""
        now = time.monotonic() if now is None else now
        every = RENEW_EVERY.total_seconds()
        with self._lock:
            return [started for started, since in self._held.items() if now - since >= every]

    def _renew_forever(self) -> None:
        while True:
            time.sleep(RENEW_EVERY.total_seconds())
            if running := self.due():
                self.renew(running)

    @staticmethod
    def renew(running: list[Started]) -> None:
        close_old_connections()
        try:
            renew_leases(running=running)
        except DatabaseError as error:  # the database is away: the leases run out
            logger.warning("Could not renew %d idempotency claims: %s", len(running), error)
        finally:
            connection.close()


leases = Leases()
