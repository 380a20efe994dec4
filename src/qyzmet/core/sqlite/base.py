"""Django's SQLite backend, kept open across requests and dropped when its file is no longer
the database's file.

Opening an SQLite connection costs milliseconds (the WAL index, the pragmas, Django's SQL
functions) and closing the last one checkpoints the write-ahead log, so a connection per
request cost a submission more than a third of its CPU time. Kept open (``CONN_MAX_AGE``),
a connection would go on reading and writing the file it opened even after that file was
removed or replaced (a restore), where nobody would ever read what it wrote: Django's health
check, run once per request before the first statement, asks ``is_usable``, which here
compares the file at the database's path with the one the connection opened."""

from __future__ import annotations

import os
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    opened_file: tuple[int, int] | None = None  # (device, inode) of the file when opened

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        self.opened_file = _identity(self.settings_dict["NAME"])
        return connection

    def is_usable(self) -> bool:
        return self.opened_file is not None and _identity(self.settings_dict["NAME"]) == (
            self.opened_file
        )


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
