"""New rows of the hot paths written by an INSERT statement made once per model and number of
rows, and kept (decision 83).

Django builds every INSERT again from the model each time: a query object, a compiler, each
column's name quoted, the placeholders joined, then ``save``'s or ``bulk_create``'s checks
around it. A submission writes eight such statements; building them cost it more than running
them. ``insert_rows`` makes the statement of a model's ``n`` rows once per process and only
prepares the values each time, as Django does (each field's ``pre_save``, then
``get_db_prep_save``: encrypted fields encrypt and their digests are derived there), then
sets what ``save`` sets (the generated key, the row no longer new).

It writes as ``save(force_insert=True)`` on each row would, in one statement: where a model's
rows are saved with listeners (``pre_save``, ``post_save``), or have a column the statement
cannot carry (a database default, a generated column, a placeholder of its own, a value that
is an expression), the rows are saved by Django one by one instead.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

from django.db import NotSupportedError, connection, models
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)


class Statement(NamedTuple):
    fields: list[Any]  # those a new row gives values for, in the statement's order
    sql: str
    key: Any  # the generated key's field, returned by the statement, or None


@functools.lru_cache(maxsize=256)
def _statement(model: type[models.Model], rows: int, vendor: str) -> Statement | None:
    """The INSERT of ``rows`` new rows of ``model`` (returning their generated keys, if any),
    or ``None`` where Django must write them."""
    meta = model._meta
    generated = meta.pk if meta.pk is not None and meta.pk.get_internal_type() in (
        "AutoField", "BigAutoField", "SmallAutoField",
    ) else None  # fmt: skip
    fields = [field for field in meta.concrete_fields if field is not generated]
    if (
        meta.parents
        or meta.proxy
        or any(field.db_returning for field in fields)  # a generated column
        or any(field.has_db_default() for field in fields)
        or any(_own_placeholder(field) for field in fields)
        or (generated is not None and not connection.features.can_return_rows_from_bulk_insert)
    ):
        return None
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)}"
    if generated is not None:
        sql += f" RETURNING {quote(str(generated.column))}"
    return Statement(fields, sql, generated)


def _own_placeholder(field: Any) -> bool:
    """Whether ``field``'s values need a placeholder other than ``%s`` (a binary one does on
    MySQL, not on SQLite or PostgreSQL)."""
    if isinstance(field, models.BinaryField):  # Django's ``binary_placeholder_sql``
        return connection.vendor not in ("sqlite", "postgresql")
    return hasattr(field, "get_placeholder")


def insert_rows(rows: Sequence[M], *, signals: bool = True) -> list[M]:
    """Write ``rows``, new rows of one model, in one INSERT (several, past the database's limit
    on parameters) inside the caller's transaction, as ``save(force_insert=True)`` on each would;
    the rows, written. ``signals=False``: as ``bulk_create``, no listener hears them (the caller
    has done what its model's listeners would)."""
    if not rows:
        return []
    model = type(rows[0])
    if any(type(row) is not model for row in rows):
        raise TypeError("insert_rows writes rows of one model")
    if signals and (pre_save.has_listeners(model) or post_save.has_listeners(model)):
        return _saved_by_django(rows)
    size = max(connection.ops.bulk_batch_size(list(model._meta.concrete_fields), list(rows)), 1)
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        statement = _statement(model, len(batch), connection.vendor)
        if statement is None:
            return _saved_by_django(rows)
        values = []
        for row in batch:
            # as ``save`` does: a related row saved since it was set gives its key
            row._prepare_related_fields_for_save(operation_name="insert_rows")  # type: ignore[attr-defined]
            values.append([field.pre_save(row, True) for field in statement.fields])
        if any(hasattr(value, "resolve_expression") for row in values for value in row):
            return _saved_by_django(rows)  # an expression: Django compiles it
        params = [
            field.get_db_prep_save(value, connection)
            for row in values
            for field, value in zip(statement.fields, row, strict=True)
        ]
        _execute(statement, batch, params)
    return list(rows)


def _execute(statement: Statement, batch: Sequence[models.Model], params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        keys = cursor.fetchall() if statement.key is not None else None
    if keys is not None and len(keys) != len(batch):
        raise NotSupportedError(f"{len(keys)} keys returned for {len(batch)} rows")
    for index, row in enumerate(batch):
        if keys is not None:
            setattr(row, statement.key.attname, keys[index][0])
        row._state.adding = False
        row._state.db = connection.alias


def _saved_by_django(rows: Sequence[M]) -> list[M]:
    for row in rows:
        if row._state.adding:
            row.save(force_insert=True)
    return list(rows)
