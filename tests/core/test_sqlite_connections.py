"""SQLite connections are kept open across requests, and one whose file was removed or replaced
(a restore) is dropped before the next request uses it: nothing is written where nobody will
read it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from qyzmet.core.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own connections (this run is on PostgreSQL)"
)


@pytest.fixture(autouse=True)
def files_of_their_own(django_db_blocker: Any, monkeypatch: Any) -> Iterator[None]:
    """Each test opens a database file of its own, not the suite's. The browser tests' session
    leaves Playwright's event loop in this thread, and Django refuses to open a connection
    where a loop runs: these open theirs synchronously, as a request's thread does."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        yield


def opened(path: Path) -> DatabaseWrapper:
    sqlite3.connect(path).close()
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="kept")
    wrapper.ensure_connection()
    return wrapper


def test_a_connection_to_the_databases_file_stays_usable(tmp_path: Path) -> None:
    wrapper = opened(tmp_path / "db.sqlite3")
    try:
        assert wrapper.is_usable()
    finally:
        wrapper.close()


def test_a_connection_whose_file_was_replaced_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    wrapper = opened(path)
    try:
        shutil.copy(path, tmp_path / "restored.sqlite3")
        os.replace(tmp_path / "restored.sqlite3", path)
        assert not wrapper.is_usable()
    finally:
        wrapper.close()


def test_a_connection_whose_file_was_removed_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    wrapper = opened(path)
    try:
        path.unlink()
        assert not wrapper.is_usable()
    finally:
        wrapper.close()


def test_the_health_check_reopens_the_file_now_at_the_path(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    wrapper = opened(path)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x INTEGER)")
        replacement = tmp_path / "other.sqlite3"
        with sqlite3.connect(replacement) as other:
            other.execute("CREATE TABLE restored (x INTEGER)")
        other.close()
        for stale in ("-wal", "-shm"):  # a restore puts back the database's file alone
            Path(f"{path}{stale}").unlink(missing_ok=True)
        os.replace(replacement, path)
        wrapper.health_check_enabled = True
        wrapper.health_check_done = False
        wrapper.close_if_health_check_failed()
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master")
            assert [row[0] for row in cursor.fetchall()] == ["restored"]
    finally:
        wrapper.close()


def test_a_connection_cuts_its_emptied_log_back_to_the_limit(tmp_path: Path) -> None:
    from django.conf import settings

    wrapper = opened(tmp_path / "db.sqlite3")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_size_limit")
            assert cursor.fetchone()[0] == settings.SQLITE_LOG_LIMIT_BYTES
    finally:
        wrapper.close()


@pytest.mark.django_db
def test_statements_are_sent_in_sqlites_style_whether_their_conversion_is_kept_or_not():
    from qyzmet.core.sqlite import base

    kept = base._in_qmark_style
    kept.cache_clear()
    long = "SELECT %s, '100%%'" + " " * base.KEPT_QUERY
    with connection.cursor() as cursor:
        for _ in range(2):  # converted, then remembered
            cursor.execute("SELECT %s, %s, '50%%'", [1, 2])
            assert cursor.fetchone() == (1, 2, "50%")
        assert (kept.cache_info().hits, kept.cache_info().currsize) == (1, 1)
        cursor.execute(long, [7])
        assert cursor.fetchone() == (7, "100%")
        assert kept.cache_info().currsize == 1  # a bulk load's statement is not kept
        cursor.execute("SELECT %(a)s, %(b)s", {"a": 3, "b": 4})  # named: Django's own
        assert cursor.fetchone() == (3, 4)
