"""The writers of one SQLite file take turns in a queue of their own (decision 0074).

SQLite lets one writer at a time hold a database's write lock. The others wait in its busy
handler, which sleeps between tries for longer and longer (1, 2, 5, 10... up to 100 ms), so
under load a lock freed after a few milliseconds stays unused while its waiters sleep, the
cores idle, and a submission's latency is mostly sleep. Here each writer first takes its turn:
threads of one process in a lock that hands over at once, and one thread per process at a time
in an exclusive ``flock`` on a file beside the database's (``<name>-writers``), tried every
millisecond at most. SQLite's own lock stays what makes writing safe; the queue only decides
who asks for it next, and gives up like SQLite's busy timeout does (``database is locked``)."""

from __future__ import annotations

import fcntl
import os
import threading
import time

from django.db import OperationalError

FIRST_PAUSE, LONGEST_PAUSE = 0.0002, 0.001  # seconds between tries of another process's turn
CHECKPOINT_EVERY = 30  # writes a process commits between its checkpoints (``base.py``)


class WriterQueue:
    """The turn to write one SQLite file, among this process's threads and other processes."""

    def __init__(self, database: str) -> None:
        self.path = f"{database}-writers"
        self.here = threading.Lock()  # this process's threads
        self._file: tuple[int, int] | None = None  # (process id, descriptor) of the lock file
        self._counting = threading.Lock()
        self._committed = 0  # writes committed since this process's last checkpoint

    def take(self, seconds: float) -> None:
        """Wait for the turn, at most ``seconds``; ``OperationalError`` when it did not come."""
        deadline = time.monotonic() + seconds
        if not self.here.acquire(timeout=max(seconds, 0.0)):
            raise OperationalError("database is locked (waited for the writers' turn)")
        try:
            descriptor, pause = self._descriptor(), FIRST_PAUSE
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    pass
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked (waited for the writers' turn)")
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
        except BaseException:
            self.here.release()
            raise

    def give(self) -> None:
        """End the turn taken by this thread."""
        try:
            if self._file is not None:
                fcntl.flock(self._file[1], fcntl.LOCK_UN)
        finally:
            self.here.release()

    def checkpoint_due(self) -> bool:
        """Count a write this process committed; whether it is this process's turn to copy the
        log into the database file (``CHECKPOINT_EVERY`` writes since it last did)."""
        with self._counting:
            self._committed += 1
            return self._committed >= CHECKPOINT_EVERY

    def checkpointed(self) -> None:
        with self._counting:
            self._committed = 0

    def _descriptor(self) -> int:
        """The lock file, opened by this process: a descriptor inherited across a fork shares
        its lock with the parent's, so a child opens its own."""
        if self._file is None or self._file[0] != os.getpid():
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._file = (os.getpid(), descriptor)
        return self._file[1]


_queues: dict[str, WriterQueue] = {}
_queues_lock = threading.Lock()


def writer_queue(database: str) -> WriterQueue:
    """The one queue of this process for the SQLite file ``database``."""
    with _queues_lock:
        queue = _queues.get(database)
        if queue is None:
            queue = _queues[database] = WriterQueue(database)
        return queue
