"""Fast loading of generated registry rows, one writer per database vendor.

The ORM costs tens of microseconds per row; a national population has millions. These
writers take rows as plain tuples with the primary keys already assigned and load them
with the vendor's fastest path: ``executemany`` on SQLite, ``COPY ... FROM STDIN`` on
PostgreSQL. They work inside the caller's transaction and never commit; ``session()``
wraps that transaction. Personal data is encrypted on the way (``core.encrypted_rows.protect_rows``
seals the encrypted columns and adds their keyed hashes), so rows are given in clear.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from qyzmet.core.encrypted_rows import protect_rows

Row = tuple[Any, ...]
Progress = Callable[[str, int, int], None]


def _table(model: type[models.Model]) -> str:
    return model._meta.db_table


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]


class BulkWriter:
    """Portable writer: ``DELETE`` and ``executemany`` through Django's cursor."""

    placeholder = "%s"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.quote = connection.ops.quote_name

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Around the caller's transaction: what must be set up outside of it."""
        yield

    def clear(self, models_children_first: Sequence[type[models.Model]]) -> None:
        """Delete every row of these models; children come before the tables they reference."""
        with self.connection.cursor() as cursor:
            for model in models_children_first:
                cursor.execute(f"DELETE FROM {self.quote(_table(model))}")

    def prepare(self, models_: Sequence[type[models.Model]]) -> None:
        """Get the (empty) tables ready for a large load."""

    def insert_sql(self, model: type[models.Model], fields: Sequence[str]) -> str:
        columns = ", ".join(self.quote(c) for c in _columns(model, fields))
        values = ", ".join([self.placeholder] * len(fields))
        return f"INSERT INTO {self.quote(_table(model))} ({columns}) VALUES ({values})"

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> None:
        """Insert ``rows`` (values of ``fields``, in clear) into the model's table."""
        columns, sealed = protect_rows(model, fields, rows)
        self.write_rows(model, columns, sealed)

    def write_rows(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]
    ) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(self.insert_sql(model, fields), list(rows))

    def finish(self, models_: Sequence[type[models.Model]], progress: Progress) -> None:
        """Restore what ``prepare`` took away and move id sequences past the loaded keys."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models_))
        with self.connection.cursor() as cursor:
            for done, sql in enumerate(statements, start=1):
                cursor.execute(sql)
                progress("finish", done, len(statements))


class SQLiteBulkWriter(BulkWriter):
    """``executemany`` on the raw sqlite3 connection.

    Outside an enclosing transaction, foreign keys are switched off for the session (it can
    only be done outside a transaction) and checked once with ``PRAGMA foreign_key_check``
    before the commit: emptying a million people then takes a second instead of half a
    minute. Inside one (tests), they stay on and are checked row by row. The load is one
    transaction, so every page it touches stays dirty until the commit; a page cache of
    ``cache_bytes`` that holds them keeps SQLite from spilling them to the WAL and reading
    them back (a million people: 83 s with a 1 GiB cache, 121 s with 256 MiB)."""

    placeholder = "?"

    def __init__(self, connection: BaseDatabaseWrapper, cache_bytes: int) -> None:
        super().__init__(connection)
        self.cache_kib = max(cache_bytes // 1024, 2000)
        self.checks_off = False

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        self.checks_off = self.connection.disable_constraint_checking()
        try:
            yield
        finally:
            if self.checks_off:
                self.connection.enable_constraint_checking()
                self.checks_off = False

    def prepare(self, models_: Sequence[type[models.Model]]) -> None:
        raw = self.connection.connection
        self._cache_size = int(raw.execute("PRAGMA cache_size").fetchone()[0])
        raw.execute(f"PRAGMA cache_size = -{self.cache_kib}")

    def write_rows(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]
    ) -> None:
        self.connection.connection.executemany(self.insert_sql(model, fields), rows)

    def finish(self, models_: Sequence[type[models.Model]], progress: Progress) -> None:
        if self.checks_off:  # raises IntegrityError, naming the row, if a reference is broken
            for done, model in enumerate(models_, start=1):
                self.connection.check_constraints(table_names=[_table(model)])
                progress("finish", done, len(models_) + 1)
        self.connection.connection.execute(f"PRAGMA cache_size = {self._cache_size}")
        progress("finish", len(models_) + 1, len(models_) + 1)


class PostgreSQLBulkWriter(BulkWriter):
    """``COPY FROM STDIN`` into tables whose secondary indexes and foreign keys are dropped
    for the load and rebuilt afterwards (PostgreSQL's own advice for populating a database).
    Everything happens in the caller's transaction, so a failure leaves the old data."""

    def clear(self, models_children_first: Sequence[type[models.Model]]) -> None:
        """``TRUNCATE`` without ``CASCADE``: a table of another app that references these
        stops the generation instead of being emptied with them."""
        tables = ", ".join(self.quote(_table(m)) for m in models_children_first)
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")

    def prepare(self, models_: Sequence[type[models.Model]]) -> None:
        tables = [_table(m) for m in models_]
        self._rebuild: list[str] = []
        drops: list[str] = []
        with self.connection.cursor() as cursor:
            # Foreign keys first (they depend on the unique indexes), then unique constraints
            # that nothing outside references, then plain indexes.
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid),
                       c.contype
                FROM pg_constraint c
                WHERE c.conrelid = ANY(%s::regclass[])
                  AND (c.contype = 'f' OR c.contype = 'u' AND NOT EXISTS (
                      SELECT 1 FROM pg_constraint f
                      WHERE f.contype = 'f' AND f.conindid = c.conindid
                        AND NOT f.conrelid = ANY(%s::regclass[])))
                ORDER BY c.contype, c.conname
                """,
                [tables, tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                  AND c.contype IN ('p', 'u', 'x'))
                ORDER BY 1
                """,
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _definition, _kind in constraints:  # 'f' sorts before 'u'
                drops.append(f"ALTER TABLE {table} DROP CONSTRAINT {self.quote(name)}")
            for name, definition in indexes:
                drops.append(f"DROP INDEX {name}")
                self._rebuild.append(definition)
            for table, name, definition, _kind in reversed(constraints):  # 'u' before 'f'
                self._rebuild.append(
                    f"ALTER TABLE {table} ADD CONSTRAINT {self.quote(name)} {definition}"
                )
            for sql in drops:
                cursor.execute(sql)

    def write_rows(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]
    ) -> None:
        columns = ", ".join(self.quote(c) for c in _columns(model, fields))
        sql = f"COPY {self.quote(_table(model))} ({columns}) FROM STDIN"
        with self.connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, models_: Sequence[type[models.Model]], progress: Progress) -> None:
        statements = [
            "SET LOCAL maintenance_work_mem = '256MB'",
            *self._rebuild,
            *self.connection.ops.sequence_reset_sql(no_style(), list(models_)),
            *(f"ANALYZE {self.quote(_table(m))}" for m in models_),
        ]
        with self.connection.cursor() as cursor:
            for done, sql in enumerate(statements, start=1):
                cursor.execute(sql)
                progress("finish", done, len(statements))


def bulk_writer(connection: BaseDatabaseWrapper, *, cache_bytes: int = 2**26) -> BulkWriter:
    """The fastest writer for this connection's database; ``cache_bytes`` is the memory it
    may use for the database's page cache during the load (SQLite)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return PostgreSQLBulkWriter(connection)
    if connection.vendor == "sqlite":
        return SQLiteBulkWriter(connection, cache_bytes)
    return BulkWriter(connection)


class BatchedRows:
    """Rows of one model handed to a writer whenever ``size`` of them have gathered;
    ``count`` is the number added so far, so ``count + 1`` is the next row's id."""

    def __init__(
        self, writer: BulkWriter, model: type[models.Model], fields: Sequence[str], size: int
    ) -> None:
        self.writer, self.model, self.fields, self.size = writer, model, fields, size
        self.rows: list[Row] = []
        self.count = 0

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write(self.model, self.fields, self.rows)
            self.rows = []
