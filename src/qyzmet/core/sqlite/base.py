"""Django's SQLite backend, kept open across requests and dropped when its file is no longer
the database's file.

Opening an SQLite connection costs milliseconds (the WAL index, the pragmas, Django's SQL
functions) and closing the last one checkpoints the write-ahead log, so a connection per
request cost a submission more than a third of its CPU time. Kept open (``CONN_MAX_AGE``),
a connection would go on reading and writing the file it opened even after that file was
removed or replaced (a restore), where nobody would ever read what it wrote: Django's health
check, run once per request before the first statement, asks ``is_usable``, which here
compares the file at the database's path with the one the connection opened.

Writers take turns in a queue of their own (``writers.py``, decision 0074) before they ask for
SQLite's write lock: a transaction as it begins, a write outside one as it is sent. A
transaction begun inside ``turn_at_first_write()`` (``core.turns``) takes its turn and begins
at its first statement that is not a read, so that the reads and the work before its writes
do not hold every other writer up.

The log is copied into the database file (a checkpoint) after a write has ended its turn,
not inside it: SQLite's own checkpoint runs in the commit that takes the log past
``wal_autocheckpoint`` pages, which here is inside the turn, and holds every other writer up
for its copy and two fsyncs (tens of milliseconds, one commit in about ten). Every
``CHECKPOINT_EVERY`` writes it commits, a process checkpoints (``PASSIVE``: as far as no
reader needs the log, without waiting, while other writers go on) once it has given its turn
away. SQLite's own stays, at ``LOG_CHECKPOINT_PAGES``, for work that writes far more per
commit than requests do (a bulk load)."""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.sqlite3 import base

from qyzmet.core.sqlite.writers import WriterQueue, writer_queue

LOG_CHECKPOINT_PAGES = 10_000  # SQLite's own checkpoint, at a commit, inside the turn

logger = logging.getLogger("qyzmet.db")

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")  # what a statement begins with
READS = ("SELECT",)  # a statement a transaction begun at its first write runs before it
KEPT_QUERY = 16_384  # characters of the longest statement whose conversion is kept


class DatabaseWrapper(base.DatabaseWrapper):
    opened_file: tuple[int, int] | None = None  # (device, inode) of the file when opened
    writers: WriterQueue | None = None  # none for a database without a file
    in_turn = False  # this connection holds the writers' turn (for its transaction)
    begin_at_first_write = False  # set by ``core.turns.turn_at_first_write``
    begin_waiting = False  # a transaction begun, its BEGIN not sent until its first write

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        self.opened_file = _identity(self.settings_dict["NAME"])
        if self.opened_file != (0, 0):
            self.writers = writer_queue(str(self.settings_dict["NAME"]))
            connection.execute(f"PRAGMA wal_autocheckpoint={LOG_CHECKPOINT_PAGES}")
        return connection

    def create_cursor(self, name: Any = None) -> Any:
        cursor = self.connection.cursor(factory=QueuedCursor)
        cursor.wrapper = self
        return cursor

    def take_turn(self) -> None:
        if self.writers is not None and not self.in_turn:
            self.writers.take(float(self.settings_dict["OPTIONS"].get("timeout", 5)))
            self.in_turn = True

    def end_turn(self, *, committed: bool = False) -> None:
        """Give the turn away; after a commit, checkpoint when this process's time has come."""
        if self.in_turn and self.writers is not None:
            self.in_turn = False
            self.writers.give()
            if committed and self.writers.checkpoint_due() and self.checkpoint():
                self.writers.checkpointed()

    def checkpoint(self) -> bool:
        """Copy the log into the database file as far as no reader needs it (``PASSIVE``:
        without waiting for readers or writers, nor for another process's checkpoint, which
        copies it). ``False`` while a statement of this connection still runs (SQLite says
        the database is locked): tried again after its next commit."""
        try:
            self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                return False
            logger.warning("SQLite's log not copied into the database: %s", error)
        except sqlite3.Error as error:
            logger.warning("SQLite's log not copied into the database: %s", error)
        return True

    def _start_transaction_under_autocommit(self) -> None:
        mode = getattr(self, "transaction_mode", None)  # BEGIN IMMEDIATE, as configured
        if mode not in ("IMMEDIATE", "EXCLUSIVE"):  # a BEGIN that does not write
            return super()._start_transaction_under_autocommit()  # type: ignore[misc]
        if self.begin_at_first_write and self.writers is not None:
            self.begin_at_first_write = False  # for this transaction, not those after it
            self.begin_waiting = True  # ``QueuedCursor`` begins it before its first write
            return None
        self.begin_now()

    def begin_now(self) -> None:
        """Take the writers' turn and send the transaction's BEGIN (failing, it still waits to
        be sent before the next write)."""
        waited, self.begin_waiting = self.begin_waiting, False  # the BEGIN is no first write
        self.take_turn()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self.end_turn()
            self.begin_waiting = waited
            raise

    def _commit(self) -> None:
        self.begin_waiting = False  # nothing was written: nothing to end
        try:
            super()._commit()  # type: ignore[misc]
        except BaseException:
            self.end_turn()
            raise
        self.end_turn(committed=True)

    def _rollback(self) -> None:
        self.begin_waiting = False  # nothing was written: nothing to end
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self.end_turn()

    def _close(self) -> None:
        self.begin_waiting = False  # nothing was written: nothing to end
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self.end_turn()

    def is_usable(self) -> bool:
        return self.opened_file is not None and _identity(self.settings_dict["NAME"]) == (
            self.opened_file
        )


class QueuedCursor(base.SQLiteCursorWrapper):
    """A cursor whose writes outside a transaction wait for the writers' turn (a transaction
    took it as it began). Such a write that returns rows (``INSERT ... RETURNING``) goes on
    writing until its rows are read: they are read in its turn, and handed out from here."""

    wrapper: DatabaseWrapper
    read_back: list[Any] | None = None  # the rows of a write read in its turn, not handed out

    def execute(self, query: str, params: Any = None) -> Any:
        self.read_back = None
        with self._turn(query) as alone:
            result = super().execute(query, params)
            if alone and self.description is not None:  # the write ends as its rows are read
                self.read_back = super().fetchall()
        return result

    def executemany(self, query: str, param_list: Any) -> Any:
        self.read_back = None
        with self._turn(query):
            return super().executemany(query, param_list)

    def executescript(self, script: str) -> Any:
        self.read_back = None
        return super().executescript(script)

    def close(self) -> None:
        self.read_back = None
        super().close()

    def fetchone(self) -> Any:
        if self.read_back is None:
            return super().fetchone()
        return self.read_back.pop(0) if self.read_back else None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        if self.read_back is None:
            return super().fetchmany(self.arraysize if size is None else size)
        count = self.arraysize if size is None else size
        if count < 0:
            return self.fetchall()
        rows, self.read_back = self.read_back[:count], self.read_back[count:]
        return rows

    def fetchall(self) -> list[Any]:
        if self.read_back is None:
            return super().fetchall()
        rows, self.read_back = self.read_back, []
        return rows

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        """Django's, remembered for the statements sent most (a kept INSERT, the hot path's
        reads): its regular expression ran over each statement's text at every call. A long
        statement (a bulk load's) is converted each time, not kept."""
        if param_names is None:
            return _in_qmark_style(query) if len(query) <= KEPT_QUERY else _qmark(query)
        return str(super().convert_query(query, param_names=param_names))

    @contextmanager
    def _turn(self, query: str) -> Iterator[bool]:
        """The writers' turn around a write sent outside a transaction (``True``); nothing
        otherwise. In a transaction whose BEGIN waits for its first write, any statement but a
        read begins it first (a savepoint too: SQLite would begin a transaction of its own)."""
        if self.wrapper.begin_waiting and not _reads(query):
            self.wrapper.begin_now()
        if self.connection.in_transaction or not _writes(query):
            yield False
            return
        self.wrapper.take_turn()
        try:
            yield True
        except BaseException:
            self.wrapper.end_turn()
            raise
        self.wrapper.end_turn(committed=True)


def _qmark(query: str) -> str:
    return str(base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%"))


_in_qmark_style = functools.lru_cache(maxsize=256)(_qmark)


def _writes(query: str) -> bool:
    return query.lstrip()[:7].upper().startswith(WRITES)


def _reads(query: str) -> bool:
    return query.lstrip()[:6].upper().startswith(READS)


def _identity(path: Any) -> tuple[int, int] | None:
    """The file at ``path`` as the system knows it, or ``None`` when there is none (an in-memory
    database has no file to lose and counts as itself)."""
    name = str(path)
    if name == ":memory:" or name.startswith("file:"):
        return (0, 0)
    try:
        found = os.stat(name)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)
