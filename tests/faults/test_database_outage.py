"""The database goes away under load and comes back: a client that retries every failed
request with the same Idempotency-Key gets every application submitted once, the failures
meanwhile are 503 with Retry-After as problem+json (never a 500), and the server is ready again
by itself. The fast part of issue 17's fault-injection suite; prints its table."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from tests.faults.outage import (
    CLAIMED_AND_NOTHING_STORED,
    Load,
    Row,
    applications_per_key,
    claims_in_progress,
    start_load,
    table,
    tally,
    wait_until,
)
from tests.served import Served, served_demo

OUTAGE_SECONDS = 3.0
PER_CITIZEN = 8
SQLITE_BUSY_SECONDS = "1"  # a writer waits this long for the lock, then is answered 503

psycopg = pytest.importorskip("psycopg")
from tests.faults.databases import (  # noqa: E402  (psycopg first)
    CITIZENS,
    admin,
    prepared_demo_database,
    prepared_demo_file,
    reachable,
    url_of,
)


class Outage:
    """The database goes away for ``seconds`` (``cut`` is called again and again meanwhile,
    then ``restore``); health and readiness are asked meanwhile and after."""

    name = ""

    def __init__(self, url: str, seconds: float = OUTAGE_SECONDS) -> None:
        self.url, self.seconds = url, seconds
        self.ended_at = 0.0
        self.ready_during: set[int] = set()
        self.healthy_during: set[int] = set()
        self.ready_again_at: float | None = None

    def cut(self) -> None:
        raise NotImplementedError

    def restore(self) -> None:
        raise NotImplementedError

    def stored(self, run: str) -> Counter[str]:
        """Applications in the database per idempotency key of this ``run``."""
        raise NotImplementedError

    def claimed(self, run: str) -> int:
        """Idempotency keys of this ``run`` claimed in progress with nothing stored."""
        raise NotImplementedError

    def run(self) -> None:
        try:
            until = time.monotonic() + self.seconds
            while time.monotonic() < until:
                self.cut()
                self._probe()
                time.sleep(0.1)
        finally:
            self.restore()
            self.ended_at = time.monotonic()
        wait_until(self._ready)

    def _probe(self) -> None:
        try:
            self.ready_during.add(httpx.get(f"{self.url}/readyz", timeout=5).status_code)
            self.healthy_during.add(httpx.get(f"{self.url}/healthz", timeout=5).status_code)
        except httpx.TransportError:
            self.ready_during.add(0)

    def _ready(self) -> bool:
        try:
            ready = httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False
        if ready:
            self.ready_again_at = time.monotonic()
        return ready


class PostgresOutage(Outage):
    """No new connection accepted, every connection of the server terminated
    (``pg_terminate_backend``)."""

    name = "PostgreSQL: backends terminated, connections refused"

    def __init__(self, url: str, database: str) -> None:
        super().__init__(url)
        self.database = database

    def cut(self) -> None:
        admin(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS false')
        admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.database}' AND pid <> pg_backend_pid()"
        )

    def restore(self) -> None:
        admin(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS true')

    def stored(self, run: str) -> Counter[str]:
        rows = admin(
            "SELECT idempotency_key, count(*) FROM applications_application "
            f"WHERE idempotency_key LIKE '{run}-%' GROUP BY idempotency_key",
            self.database,
        )
        return Counter(dict(rows))

    def claimed(self, run: str) -> int:
        rows = admin(CLAIMED_AND_NOTHING_STORED.format(run=f"'{run}-%'"), self.database)
        return int(rows[0][0])


class SQLiteLock(Outage):
    """Another process holds SQLite's write lock (``BEGIN IMMEDIATE``) for longer than the
    server's writers wait: "database is locked". Reads go on (WAL): the server stays ready."""

    name = "SQLite: write lock held by another process"

    def __init__(self, url: str, file: Path) -> None:
        super().__init__(url)
        self.file = file
        self.holder: sqlite3.Connection | None = None

    def cut(self) -> None:
        if self.holder is None:
            self.holder = sqlite3.connect(self.file, isolation_level=None, timeout=30)
            self.holder.execute("BEGIN IMMEDIATE")

    def restore(self) -> None:
        if self.holder is not None:
            self.holder.execute("ROLLBACK")
            self.holder.close()

    def stored(self, run: str) -> Counter[str]:
        with sqlite3.connect(self.file, timeout=30) as db:
            return applications_per_key(db, run)

    def claimed(self, run: str) -> int:
        with sqlite3.connect(self.file, timeout=30) as db:
            return int(claims_in_progress(db, run))


def _suite_runs_on(vendor: str) -> None:
    """Each database's outage is made in that database's run of the suite (``make test`` for
    SQLite, ``make test-postgres``): preparing its demo takes minutes, once per run is enough."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if vendor not in engine:
        pytest.skip(f"the {vendor} outage runs in the suite's {vendor} run, this one is {engine}")


@pytest.fixture
def on_postgres(tmp_path: Path) -> Iterator[tuple[Served, Outage, list[dict]]]:
    """The demo on a PostgreSQL database of its own, served by gunicorn alone (the background
    worker's fate in an outage is tested on its own)."""
    _suite_runs_on("postgresql")
    if why := reachable():
        pytest.skip(f"{why}: no outage to make")
    with (
        prepared_demo_database(tmp_path) as (database, citizens),
        served_demo(
            tmp_path, people=0, database_url=url_of(database), worker=False, prepared=True
        ) as served,
    ):
        yield served, PostgresOutage(served.url, database), citizens


@pytest.fixture
def on_sqlite(tmp_path: Path) -> Iterator[tuple[Served, Outage, list[dict]]]:
    """The demo on an SQLite file of its own, whose writers wait a second for the lock."""
    _suite_runs_on("sqlite")
    with (
        prepared_demo_file(tmp_path) as (file, citizens),
        served_demo(
            tmp_path, people=0, worker=False, prepared=True,
            settings={"QYZMET_SQLITE_BUSY_SECONDS": SQLITE_BUSY_SECONDS},
        ) as served,
    ):  # fmt: skip
        yield served, SQLiteLock(served.url, file), citizens


def outage_under_load(served: Served, outage: Outage, citizens: list[dict]) -> tuple[Row, Load]:
    run = f"fault-{uuid.uuid4().hex[:6]}"
    load = start_load(served.url, citizens, per_citizen=PER_CITIZEN, run=run)
    assert wait_until(lambda: load.accepted() >= CITIZENS), "no submission got through"
    cutting = threading.Thread(target=outage.run)
    cutting.start()
    cutting.join(120)
    load.wait()
    row = tally(outage.name, load, outage.stored(run), outage.ended_at, outage.claimed(run))
    print("\n" + table([row]))
    return row, load


def assert_nothing_lost_nothing_doubled(row: Row, load: Load) -> None:
    answers = [a for s in load.submissions for a in s.answers]
    unavailable = [a for a in answers if a.status == 503]
    assert row.server_errors == 0
    assert unavailable, "the outage reached no request: it proves nothing"
    assert all(a.retry_after and a.content_type == "application/problem+json" for a in unavailable)
    # the outage, and what queued behind a request waiting for the database (shed: "late")
    assert "server.unavailable" in {a.code for a in unavailable}
    assert {a.code for a in unavailable} <= {"server.unavailable", "server.overloaded"}
    assert row.accepted == row.sent
    assert row.lost == row.duplicated == row.stuck == 0
    assert len({s.application for s in load.submissions}) == row.sent


def healthy_throughout(served: Served, outage: Outage) -> bool:
    """/healthz never said anything but 200 while the database was away (on a loaded machine
    every worker may be busy waiting for the database, so a probe may get no answer in time),
    and says 200 after."""
    after = httpx.get(f"{served.url}/healthz", timeout=10).status_code
    return outage.healthy_during <= {200} and after == 200


def test_postgresql_going_away_under_load_loses_nothing_and_duplicates_nothing(on_postgres):
    served, outage, citizens = on_postgres
    row, load = outage_under_load(served, outage, citizens)
    assert_nothing_lost_nothing_doubled(row, load)
    assert 503 in outage.ready_during and healthy_throughout(served, outage)
    assert outage.ready_again_at is not None


def test_a_locked_sqlite_database_under_load_loses_nothing_and_duplicates_nothing(on_sqlite):
    served, outage, citizens = on_sqlite
    row, load = outage_under_load(served, outage, citizens)
    assert_nothing_lost_nothing_doubled(row, load)
    assert healthy_throughout(served, outage)
    assert outage.ready_again_at is not None
