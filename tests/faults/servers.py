"""A copy of the prepared demo on the database this run of the suite uses (``make test``:
SQLite, ``make test-postgres``: PostgreSQL), for a server of the test's own."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings

from tests.faults.databases import admin, prepared_demo_database, prepared_demo_file, url_of
from tests.faults.outage import applications_per_key

Stored = Callable[[str], Counter[str]]  # applications per idempotency key of a run


def on_postgres() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


@contextlib.contextmanager
def on_this_database(folder: Path) -> Iterator[tuple[str | None, list[dict], Stored]]:
    """The database's URL for ``served_demo`` (``None``: its SQLite file in ``folder``), the
    demo's citizens, and what is stored per idempotency key."""
    if on_postgres():
        with prepared_demo_database(folder) as (name, citizens):

            def stored_in_postgres(run: str) -> Counter[str]:
                rows = admin(
                    "SELECT idempotency_key, count(*) FROM applications_application "
                    f"WHERE idempotency_key LIKE '{run}-%' GROUP BY idempotency_key",
                    name,
                )
                return Counter(dict(rows))

            yield url_of(name), citizens, stored_in_postgres
        return
    with prepared_demo_file(folder) as (file, citizens):

        def stored_in_sqlite(run: str) -> Counter[str]:
            with sqlite3.connect(file, timeout=30) as db:
                return applications_per_key(db, run)

        yield None, citizens, stored_in_sqlite
