"""Writers of an SQLite file take turns in a queue of their own (decision 0074): a writer waits
for the one before it to finish, in this process or in another, instead of sleeping in SQLite's
busy handler; it gives up as SQLite does, "database is locked"; readers never wait."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection

from qyzmet.core.sqlite.base import LOG_CHECKPOINT_PAGES, DatabaseWrapper
from qyzmet.core.sqlite.writers import CHECKPOINT_EVERY

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own writers (this run is on PostgreSQL)"
)

HOLD_THE_TURN = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
"""


@pytest.fixture(autouse=True)
def files_of_their_own(django_db_blocker: Any, monkeypatch: Any) -> Iterator[None]:
    """Each test writes a database file of its own (see test_sqlite_connections.py)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        yield


def opened(path: Path, *, timeout: float = 5) -> DatabaseWrapper:
    options = {**connection.settings_dict["OPTIONS"], "timeout": timeout}
    wrapper = DatabaseWrapper(
        {**connection.settings_dict, "NAME": str(path), "OPTIONS": options}, alias="writers"
    )
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS lines (said TEXT)")
    return wrapper


def begin(wrapper: DatabaseWrapper) -> None:
    """BEGIN IMMEDIATE, as ``transaction.atomic`` begins on SQLite."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def said(wrapper: DatabaseWrapper, line: str) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO lines (said) VALUES (%s)", [line])


def lines(wrapper: DatabaseWrapper) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT said FROM lines ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def another_process(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the writers' turn of ``db.sqlite3`` until it is stopped."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_TURN, str(tmp_path / "db.sqlite3-writers")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    yield holder
    holder.kill()
    holder.wait()


def test_a_second_writer_begins_after_the_first_has_committed(tmp_path: Path) -> None:
    first, events = opened(tmp_path / "db.sqlite3"), []
    began = threading.Event()

    def second_writer() -> None:
        second = opened(tmp_path / "db.sqlite3")
        try:
            began.set()
            begin(second)  # waits for its turn
            events.append("second began")
            said(second, "second")
            second.commit()
            second.set_autocommit(True)
        finally:
            second.close()

    try:
        begin(first)
        said(first, "first")
        writer = threading.Thread(target=second_writer)
        writer.start()
        began.wait()
        writer.join(timeout=0.3)  # it waits for the turn the first holds
        events.append("first committed")
        first.commit()
        first.set_autocommit(True)
        writer.join()
        assert events == ["first committed", "second began"]
        assert lines(first) == ["first", "second"]
    finally:
        first.close()


def test_a_writer_gives_up_like_sqlite_while_another_process_writes(
    tmp_path: Path, another_process: Any
) -> None:
    wrapper = opened(tmp_path / "db.sqlite3", timeout=0.2)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            begin(wrapper)
        with pytest.raises(OperationalError, match="database is locked"):
            said(wrapper, "a write outside a transaction waits for its turn too")
        assert lines(wrapper) == []  # readers do not wait
    finally:
        wrapper.close()


def test_the_turn_comes_once_the_other_process_has_written(
    tmp_path: Path, another_process: Any
) -> None:
    def write() -> None:
        writer = opened(tmp_path / "db.sqlite3")
        try:
            said(writer, "after the other process")
        finally:
            writer.close()

    reader = opened(tmp_path / "db.sqlite3")
    try:
        waiting = threading.Thread(target=write)
        waiting.start()
        waiting.join(timeout=0.3)
        assert lines(reader) == []  # still waiting for its turn
        another_process.stdin.close()  # the other process ends, and with it its turn
        waiting.join()
        assert lines(reader) == ["after the other process"]
    finally:
        reader.close()


def test_a_rolled_back_transaction_gives_the_turn_back(tmp_path: Path) -> None:
    wrapper = opened(tmp_path / "db.sqlite3", timeout=0.2)
    try:
        begin(wrapper)
        said(wrapper, "undone")
        wrapper.rollback()
        wrapper.set_autocommit(True)
        said(wrapper, "kept")  # would wait for the turn, and give up, had it not come back
        assert lines(wrapper) == ["kept"]
    finally:
        wrapper.close()


def begun_for_its_writes(wrapper: DatabaseWrapper) -> None:
    """A transaction begun as inside ``core.turns.turn_at_first_write``."""
    wrapper.begin_at_first_write = True
    begin(wrapper)


def test_a_transaction_begun_for_its_writes_lets_others_write_while_it_reads(
    tmp_path: Path,
) -> None:
    first = opened(tmp_path / "db.sqlite3")
    other = opened(tmp_path / "db.sqlite3", timeout=0.2)
    try:
        begun_for_its_writes(first)
        assert lines(first) == []  # it reads, and holds no turn
        said(other, "other")  # would give up after 0.2 s had the first taken the turn
        said(first, "first")  # its first write begins it, in its turn
        assert first.in_turn
        with pytest.raises(OperationalError, match="database is locked"):
            said(other, "waits for the first's commit")
        first.commit()
        first.set_autocommit(True)
        assert not first.in_turn
        assert lines(other) == ["other", "first"]
    finally:
        first.close()
        other.close()


def test_a_savepoint_begins_a_transaction_begun_for_its_writes(tmp_path: Path) -> None:
    wrapper = opened(tmp_path / "db.sqlite3")
    try:
        begun_for_its_writes(wrapper)
        with wrapper.cursor() as cursor:  # as a nested ``atomic`` sends it
            cursor.execute('SAVEPOINT "s1"')  # SQLite would begin one of its own, without a turn
        assert wrapper.in_turn and wrapper.connection.in_transaction
        wrapper.rollback()
        wrapper.set_autocommit(True)
    finally:
        wrapper.close()


def test_a_transaction_begun_for_its_writes_that_only_read_ends_without_a_turn(
    tmp_path: Path,
) -> None:
    wrapper = opened(tmp_path / "db.sqlite3", timeout=0.2)
    try:
        for end in (wrapper.commit, wrapper.rollback):
            begun_for_its_writes(wrapper)
            lines(wrapper)
            end()
            wrapper.set_autocommit(True)
            assert not wrapper.in_turn and not wrapper.begin_waiting
        said(wrapper, "kept")  # the turn is free
        assert lines(wrapper) == ["kept"]
    finally:
        wrapper.close()


def test_the_writes_of_a_transaction_begun_for_them_roll_back_with_it(tmp_path: Path) -> None:
    wrapper = opened(tmp_path / "db.sqlite3", timeout=0.2)
    try:
        begun_for_its_writes(wrapper)
        said(wrapper, "undone")
        said(wrapper, "undone too")
        wrapper.rollback()
        wrapper.set_autocommit(True)
        said(wrapper, "kept")
        assert lines(wrapper) == ["kept"]
    finally:
        wrapper.close()


def test_only_the_transaction_begun_for_its_writes_waits_for_them(tmp_path: Path) -> None:
    wrapper = opened(tmp_path / "db.sqlite3")
    try:
        begun_for_its_writes(wrapper)
        wrapper.commit()
        wrapper.set_autocommit(True)
        begin(wrapper)  # the next one (an ``on_commit`` hook's, say) begins as it opens
        assert wrapper.in_turn
        wrapper.rollback()
        wrapper.set_autocommit(True)
    finally:
        wrapper.close()


def test_the_log_is_copied_into_the_database_after_the_turn_is_given(tmp_path: Path) -> None:
    """A checkpoint (a copy and two fsyncs) holds no other writer up: it runs once the turn is
    given, every ``CHECKPOINT_EVERY`` writes this process commits."""
    wrapper, seen = opened(tmp_path / "db.sqlite3"), []
    copy = wrapper.checkpoint

    def checkpoint() -> bool:
        other = os.open(tmp_path / "db.sqlite3-writers", os.O_RDWR)
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another writer's turn, now
            seen.append(("turn free", wrapper.in_turn))
        except BlockingIOError:
            seen.append(("turn held", wrapper.in_turn))
        finally:
            os.close(other)
        return copy()

    wrapper.checkpoint = checkpoint  # type: ignore[method-assign,assignment]
    try:
        for line in range(CHECKPOINT_EVERY - 1):
            said(wrapper, f"line {line}")
        assert seen == []
        begin(wrapper)  # the last one a transaction's commit
        said(wrapper, "last")
        wrapper.commit()
        wrapper.set_autocommit(True)
        assert seen == [("turn free", False)]
    finally:
        wrapper.close()


def test_a_commit_does_not_copy_the_log_at_sqlites_thousand_pages(tmp_path: Path) -> None:
    """SQLite's own checkpoint (at ``wal_autocheckpoint`` pages, inside the commit and so the
    turn) waits for far more than requests write between this process's own."""
    path, page = tmp_path / "db.sqlite3", "x" * 200_000  # 49 pages of 4 KiB each
    wrapper = opened(path)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            assert cursor.fetchone()[0] == LOG_CHECKPOINT_PAGES  # bounded, past requests' writes
        before = path.stat().st_size
        for _ in range(CHECKPOINT_EVERY - 1):  # 1400 pages in the log
            said(wrapper, page)
        assert path.stat().st_size == before, "copied into the database file in a commit"
        said(wrapper, page)  # this process's own checkpoint, after its turn
        assert path.stat().st_size > before + (CHECKPOINT_EVERY - 1) * len(page)
        assert len(lines(wrapper)) == CHECKPOINT_EVERY
    finally:
        wrapper.close()


def test_a_write_returning_rows_ends_in_its_turn_and_its_rows_are_still_read(
    tmp_path: Path,
) -> None:
    """An ``INSERT ... RETURNING`` outside a transaction writes until its rows are read: they
    are read in its turn, so the next writer finds the file free as soon as it has its turn,
    and the checkpoint due then copies the log at once."""
    path, page = tmp_path / "db.sqlite3", "x" * 200_000
    wrapper = opened(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)  # waits for nothing
    try:
        for _ in range(CHECKPOINT_EVERY - 1):
            said(wrapper, page)
        before = path.stat().st_size
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO lines (said) VALUES (%s), (%s) RETURNING said", [page, "b"])
            other.execute("BEGIN IMMEDIATE")  # the write has ended: not "database is locked"
            other.execute("ROLLBACK")
            assert cursor.fetchone() == (page,)
            assert cursor.fetchall() == [("b",)]
            assert cursor.fetchone() is None
            cursor.execute("INSERT INTO lines (said) VALUES ('c'), ('d'), ('e') RETURNING said")
            assert cursor.fetchmany(1) == [("c",)]
            assert list(cursor) == [("d",), ("e",)]
        assert path.stat().st_size > before + (CHECKPOINT_EVERY - 1) * len(page)
        with wrapper.cursor() as cursor:  # a read is read as SQLite reads it
            cursor.execute("SELECT said FROM lines WHERE said = %s", ["b"])
            assert list(cursor) == [("b",)]
    finally:
        other.close()
        wrapper.close()
