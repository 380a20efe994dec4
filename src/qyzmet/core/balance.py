"""Connections spread evenly over a server's worker processes (decision 0079).

gunicorn's workers share one listening socket, and a connection belongs to the worker that
accepted it for as long as the client keeps it open. Clients arriving together (a partner's
connection pool, a proxy's kept upstream connections, a crowd at opening time) went mostly to
whichever worker woke first: 14 of 16 to one worker of two, where requests queued while the
other worker idled, and a submission's p50 was ten times the other worker's.

So each worker tells the others how many connections it holds, in memory the master shares
with every worker it forks: one slot per worker, given by the master as it forks one and
emptied when it exits (``gunicorn_config``). A worker holding ``SLACK`` more connections than
the least busy other worker stops accepting until that changes, so new connections go to the
other worker. The least busy worker always accepts: nothing waits on a worker that does not.
Connections already held stay where they are (closing them to move them cost a rush a third
of its rate, decision 0079). A worker that is stopping, not yet serving, or silent for a second
(its loop tells its count four times a second at least) is not counted."""

from __future__ import annotations

import mmap
import os
import time

SLOTS = 64  # workers alive at once on one server, at most (gunicorn's are a handful)
SLACK = 2  # connections one worker may hold beyond the least busy other before it gives way
FREE, NOT_SERVING = 0, -1  # a slot's pid: no worker, or one not yet serving or stopping
STALE_NS = 1_000_000_000  # a worker that has not told its count for this long is not counted
WIDTH = 3  # cells per slot: pid, connections, when last told (``time.monotonic_ns``)


class Shares:
    """Per worker slot: its pid (or ``FREE``, ``NOT_SERVING``), the connections it holds, and when
    it last said so; and how many slots were ever taken (the others need not be read)."""

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, (1 + SLOTS * WIDTH) * 8)  # shared with the processes forked
        self._cells = memoryview(self._memory).cast("q")

    def take_slot(self, in_use: set[int | None]) -> int | None:
        """In the master, as it forks a worker: a slot none of ``in_use`` (its live workers'
        slots) has, marked not serving; ``None`` when all are taken (that worker is not counted)."""
        for slot in range(SLOTS):
            if slot not in in_use:
                self._cells[1 + WIDTH * slot], self._cells[2 + WIDTH * slot] = NOT_SERVING, 0
                self._cells[0] = max(self._cells[0], slot + 1)
                return slot
        return None

    def free_slot(self, slot: int | None) -> None:
        """In the master, once the worker of ``slot`` has exited."""
        if slot is not None:
            self._cells[1 + WIDTH * slot], self._cells[2 + WIDTH * slot] = FREE, 0

    def publish(self, slot: int | None, *, connections: int, serving: bool) -> None:
        """In a worker: how many connections it holds, and whether it is serving (accepting
        connections), or starting or stopping (then not counted by the others)."""
        if slot is not None:
            base = 1 + WIDTH * slot
            self._cells[base + 1], self._cells[base + 2] = connections, time.monotonic_ns()
            self._cells[base] = os.getpid() if serving else NOT_SERVING

    def least_other(self, slot: int | None) -> int | None:
        """The fewest connections held by another serving worker that told its count lately;
        ``None`` if there is none."""
        if slot is None:
            return None
        cells, least, lately = self._cells, None, time.monotonic_ns() - STALE_NS
        for other in range(cells[0]):
            base = 1 + WIDTH * other
            if other != slot and cells[base] > 0 and cells[base + 2] > lately:
                held = cells[base + 1]
                least = held if least is None else min(least, held)
        return least

    def may_accept(self, slot: int | None, connections: int) -> bool:
        """Whether a worker holding ``connections`` takes a new one."""
        least = self.least_other(slot)
        return least is None or connections < least + SLACK


shares = Shares()  # made as the master imports its hooks, before it forks any worker
