"""The leases of the claims this process holds, renewed while their requests run.

A claim on an idempotency key is its request's for ``store.LEASE`` at a time. One thread per
process renews the claims of the requests still running every ``store.RENEW_EVERY``, so a long
request keeps its key, and a request that died (with its process, or unable to free its key
while the database was gone) loses it within ``LEASE``: the client's next retry takes over.
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
        self._held: set[Started] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def hold(self, started: Started) -> None:
        """Renew ``started``'s lease until ``release``."""
        with self._lock:
            self._held.add(started)
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()  # a thread does not survive a fork (gunicorn workers)
                self._thread = threading.Thread(
                    target=self._renew_forever, name="idempotency-leases", daemon=True
                )
                self._thread.start()

    def release(self, started: Started) -> None:
        with self._lock:
            self._held.discard(started)

    def held(self) -> list[Started]:
        with self._lock:
            return list(self._held)

    def _renew_forever(self) -> None:
        while True:
            time.sleep(RENEW_EVERY.total_seconds())
            if running := self.held():
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
