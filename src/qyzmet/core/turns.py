"""A change that reads first and writes at its end holds SQLite's writers' turn for its writes
alone (decision 0081).

SQLite writes one transaction at a time: a transaction begun with ``BEGIN IMMEDIATE`` holds
the writers' turn (decision 0074) from its start to its commit, and every other writer of the
file waits that long. A submission makes its rows (the application, its cases, history lines,
audit records, the notification) in its transaction and writes them at its end; begun inside
``turn_at_first_write()``, its transaction takes the turn and begins at its first statement
that is not a read, so the making is done while other submissions write. The reads before
that statement run on their own, as reads before the transaction would: a block that reads to
decide what it writes, and must not see that change under it (a row it locks with
``select_for_update``, which SQLite ignores, relying on the turn), is not run inside it.
PostgreSQL has no such turn, and is not changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def turn_at_first_write(enabled: bool = True) -> Iterator[None]:
    """A transaction begun in this block on SQLite takes the writers' turn at its first write
    (see the module's docstring); ``enabled=False``: as it begins, as everywhere else."""
    if not enabled or connection.vendor != "sqlite":
        yield
        return
    earlier = connection.begin_at_first_write  # type: ignore[attr-defined]
    connection.begin_at_first_write = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        connection.begin_at_first_write = earlier  # type: ignore[attr-defined]
