"""The database going away: an error that says so is answered 503 with ``Retry-After`` by
every channel, not 500 (a client may retry the same request, with the same idempotency key).

PostgreSQL: a lost or refused connection, a terminated backend, too many connections, a full
disk, a serialisation failure or a cancelled statement (psycopg's ``OperationalError``), and a
connection already closed (``InterfaceError``). SQLite: a locked database, a disk I/O error, a
full disk, a file that cannot be opened. Not a missing table or column: that is a deployment
to fix, a 500."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

RETRY_AFTER = 5  # seconds: a restart, a failover or a freed disk usually takes longer than one
SQLITE_OUTAGES = (
    "database is locked",
    "database table is locked",
    "disk i/o error",
    "database or disk is full",
    "unable to open database file",
)


def _sqlite_error(error: BaseException) -> bool:
    return type(error).__module__ == "sqlite3"


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what it was raised from) means the database cannot be reached or
    cannot take the work now, so the same request may succeed later."""
    seen: BaseException | None = error
    for _ in range(5):  # Django wraps the driver's error; the driver may wrap another
        if seen is None:
            return False
        if isinstance(seen, InterfaceError):
            return True
        if isinstance(seen, OperationalError):
            cause = seen.__cause__
            if cause is not None and _sqlite_error(cause):
                return any(outage in str(cause).lower() for outage in SQLITE_OUTAGES)
            return True
        seen = seen.__cause__ or seen.__context__
    return False
