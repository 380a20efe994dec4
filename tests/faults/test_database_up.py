"""Prometheus is told when the database is gone: a scrape of a served qyzmet reads
``qyzmet_database_up 0`` while the database does not answer (PostgreSQL refusing connections;
SQLite's file gone), and 1 again once it is back, with no restart."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.served import free_port, served_demo

pytest.importorskip("psycopg")
from tests.faults.databases import admin  # (psycopg first)
from tests.faults.servers import on_postgres, on_this_database

SQLITE_FILES = ("qyzmet.sqlite3", "qyzmet.sqlite3-wal", "qyzmet.sqlite3-shm")


def database_up(metrics_url: str) -> float:
    scraped = httpx.get(metrics_url, timeout=30).text
    line = next(ln for ln in scraped.splitlines() if ln.startswith("qyzmet_database_up "))
    return float(line.split()[1])


def eventually(metrics_url: str, value: float, seconds: float = 60) -> float:
    """The gauge, asked until it reads ``value`` or ``seconds`` have passed."""
    until = time.monotonic() + seconds
    while (seen := database_up(metrics_url)) != value and time.monotonic() < until:
        time.sleep(0.2)
    return seen


@contextlib.contextmanager
def database_gone(folder: Path, database_url: str | None) -> Iterator[None]:
    if database_url is not None:  # PostgreSQL: no connection accepted, open ones ended
        name = database_url.rsplit("/", 1)[1]
        admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        try:
            yield
        finally:
            admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        return
    away = folder / "away"  # SQLite: the file moved away (a new, empty one has no tables)
    away.mkdir()
    for name in SQLITE_FILES:
        if (folder / name).exists():
            os.replace(folder / name, away / name)
    try:
        yield
    finally:
        for name in SQLITE_FILES:
            (folder / name).unlink(missing_ok=True)
            if (away / name).exists():
                os.replace(away / name, folder / name)


def test_the_metric_says_the_database_is_down_while_it_is_and_up_when_it_is_back(
    tmp_path: Path,
) -> None:
    metrics = free_port()
    with (
        on_this_database(tmp_path) as (database_url, _, _),
        served_demo(
            tmp_path, people=0, database_url=database_url, worker=False, prepared=True,
            settings={"QYZMET_METRICS_ADDRESS": f"127.0.0.1:{metrics}"},
        ),
    ):  # fmt: skip
        url = f"http://127.0.0.1:{metrics}/metrics"
        assert database_up(url) == 1
        with database_gone(tmp_path, database_url if on_postgres() else None):
            assert eventually(url, 0) == 0
        assert eventually(url, 1) == 1
