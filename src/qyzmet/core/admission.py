"""Which requests a ``qyzmet serve`` worker process takes in, and which it sheds (decision 0067).

gunicorn's sync workers take a connection only when free: the rest wait in the kernel's listen
backlog, where nobody can see how long they waited, and under a rush everyone queues for
seconds. ``qyzmet serve`` runs this worker instead: gunicorn's threaded worker (its main thread
accepts every connection at once and hands it to a pool of ``QYZMET_SERVE_THREADS`` threads),
which decides, as a request is handed over, whether it is taken in:

- crowded: ``QYZMET_ADMISSION_LIMIT`` requests of this process are already taken in (being
  worked on or waiting for a thread);
- late: it was taken in but waited for a thread longer than ``QYZMET_QUEUE_DEADLINE_MS``.

Either is *shed*: ``qyzmet.shedding`` answers it 503 with ``Retry-After`` before Django sees
it, having done nothing. The verdict reaches the application in this thread's ``verdict()``;
outside this worker (tests, ``runserver``) every request is taken in.

The workers of one server also take new connections evenly (``balance.py``, decision 0079):
one holding more than the least busy other stops accepting until that other has caught up."""

from __future__ import annotations

import threading
import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from qyzmet.core.balance import shares

CROWDED, LATE = "crowded", "late"
GIVING_WAY_POLL = 0.005  # seconds between looks at the others while not accepting for them
LONGEST_POLL = 0.25  # seconds between the loop's turns at most: each tells the others its count

_here = threading.local()


def verdict() -> str | None:
    """Why the request this thread is about to answer is shed (``CROWDED``, ``LATE``), or
    ``None``: taken in."""
    return getattr(_here, "verdict", None)


class AdmittingWorker(ThreadWorker):
    """gunicorn's threaded worker that counts what it took in and sheds past the limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken_in = 0  # requests handed to the pool and taken in, not yet answered
        self.counting = threading.Lock()
        self.limit = 0  # read from Django's settings once the application is loaded
        self.deadline = 0.0
        self.giving_way = False  # not accepting: others hold fewer connections

    # gunicorn's limit, as this worker stands beside the others (``balance.py``): the loop
    # accepts while ``nr_conns < worker_connections``.
    @property  # type: ignore[override]
    def worker_connections(self) -> int:
        self.giving_way = not shares.may_accept(self.balance_slot, self.nr_conns)
        return self.nr_conns if self.giving_way else self._most_connections

    @worker_connections.setter
    def worker_connections(self, most: int) -> None:
        self._most_connections = most

    @property
    def balance_slot(self) -> int | None:
        return getattr(self, "slot", None)  # given by the master (``gunicorn_config.pre_fork``)

    def notify(self) -> None:
        """Called by the loop each time round: alive, and holding this many connections."""
        super().notify()
        shares.publish(self.balance_slot, connections=self.nr_conns, serving=self.alive)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        """While giving way, look again soon: the others may have caught up meanwhile."""
        poll = GIVING_WAY_POLL if self.giving_way and self.alive else LONGEST_POLL
        super().wait_for_and_dispatch_events(min(timeout, poll))

    def handle_exit(self, sig: Any, frame: Any) -> None:
        """Stopping (SIGTERM): no longer counted by the others, from now on."""
        shares.publish(self.balance_slot, connections=self.nr_conns, serving=False)
        super().handle_exit(sig, frame)

    def run(self) -> None:
        try:
            super().run()
        finally:  # however it ends: the others stop counting this worker at once
            shares.publish(self.balance_slot, connections=self.nr_conns, serving=False)

    def load_wsgi(self) -> None:
        super().load_wsgi()
        from django.conf import settings

        from qyzmet.core.collector import keep_loaded_objects

        keep_loaded_objects()  # the views imported, and all of it kept out of the collector's walks

        self.limit = settings.ADMISSION_LIMIT
        self.deadline = settings.QUEUE_DEADLINE_MS / 1000
        self.log.info("Worker ready (pid: %s)", self.pid)  # after gunicorn's "Booting worker"

    def enqueue_req(self, conn: Any) -> None:
        """Runs on the main thread as a connection is handed to the pool: a request now."""
        conn.queued_at = time.monotonic()
        with self.counting:
            conn.taken_in = self.taken_in < self.limit
            if conn.taken_in:
                self.taken_in += 1
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        """Runs on a thread of the pool: the request is answered, or shed, here."""
        if not conn.taken_in:
            _here.verdict = CROWDED
        elif time.monotonic() - conn.queued_at > self.deadline:
            _here.verdict = LATE
        else:
            _here.verdict = None
        try:
            return super().handle(conn)
        finally:
            _here.verdict = None
            if conn.taken_in:
                conn.taken_in = False
                with self.counting:
                    self.taken_in -= 1
