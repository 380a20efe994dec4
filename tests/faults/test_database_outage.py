"""The database goes away under load and comes back: a client that retries every failed
request with the same Idempotency-Key gets every application submitted once, the failures
meanwhile are 503 with Retry-After as problem+json (never a 500), and the server is ready again
by itself. The fast part of issue 17's fault-injection suite; prints its table."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.faults.outage import start_load, table, tally, wait_until
from tests.served import Served, served_demo

OUTAGE_SECONDS = 3.0
PER_CITIZEN = 8

psycopg = pytest.importorskip("psycopg")
from tests.faults.postgres import (  # noqa: E402  (psycopg first)
    CITIZENS,
    admin,
    prepared_demo_database,
    reachable,
    url_of,
)


@pytest.fixture
def served_on_postgres(tmp_path: Path) -> Iterator[tuple[Served, str, list[dict]]]:
    """The demo on a PostgreSQL database of its own, served by gunicorn alone (the background
    worker's fate in an outage is tested on its own)."""
    if why := reachable():
        pytest.skip(f"{why}: no outage to make")
    with (
        prepared_demo_database(tmp_path) as (database, citizens),
        served_demo(
            tmp_path, people=0, database_url=url_of(database), worker=False, prepared=True
        ) as served,
    ):
        yield served, database, citizens


class Outage:
    """The database goes away for ``seconds``: no new connection is accepted and every
    connection of the server is terminated (``pg_terminate_backend``), again and again."""

    def __init__(self, database: str, url: str, seconds: float) -> None:
        self.database, self.url, self.seconds = database, url, seconds
        self.ended_at = 0.0
        self.ready_during: set[int] = set()
        self.healthy_during: set[int] = set()
        self.ready_again_at: float | None = None

    def run(self) -> None:
        admin(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS false')
        try:
            until = time.monotonic() + self.seconds
            while time.monotonic() < until:
                admin(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE datname = '{self.database}' AND pid <> pg_backend_pid()"
                )
                self._probe()
                time.sleep(0.1)
        finally:
            admin(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS true')
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


def applications_per_key(database: str, run: str) -> Counter[str]:
    rows = admin(
        "SELECT idempotency_key, count(*) FROM applications_application "
        f"WHERE idempotency_key LIKE '{run}-%' GROUP BY idempotency_key",
        database,
    )
    return Counter({key: count for key, count in rows})


def test_postgresql_going_away_under_load_loses_nothing_and_duplicates_nothing(
    served_on_postgres: tuple[Served, str],
):
    served, database, citizens = served_on_postgres
    run = f"fault-{uuid.uuid4().hex[:6]}"

    load = start_load(served.url, citizens, per_citizen=PER_CITIZEN, run=run)
    assert wait_until(lambda: load.accepted() >= CITIZENS), "no submission got through"
    outage = Outage(database, served.url, OUTAGE_SECONDS)
    cutting = threading.Thread(target=outage.run)
    cutting.start()
    cutting.join(120)
    load.wait()

    row = tally("PostgreSQL: backends terminated, connections refused", load,
                applications_per_key(database, run), outage.ended_at)  # fmt: skip
    print("\n" + table([row]))
    answers = [a for s in load.submissions for a in s.answers]
    unavailable = [a for a in answers if a.status == 503]

    assert row.server_errors == 0
    assert unavailable, "the outage reached no request: it proves nothing"
    assert all(a.retry_after and a.content_type == "application/problem+json" for a in unavailable)
    assert {a.code for a in unavailable} == {"server.unavailable"}
    assert row.accepted == row.sent
    assert row.lost == row.duplicated == 0
    assert 503 in outage.ready_during and outage.healthy_during == {200}
    assert outage.ready_again_at is not None
    assert all(s.application for s in load.submissions)
    assert len({s.application for s in load.submissions}) == row.sent
