"""New rows of the hot paths written by an INSERT statement made once per model and number of
rows, and kept (decision 83).

Django builds every INSERT again from the model each time: a query object, a compiler, each
column's name quoted, the placeholders joined, then ``save``'s or ``bulk_create``'s checks
around it. A submission writes eight such statements; building them cost it more than running
them. ``insert_rows`` makes the statement of a model's ``n`` rows once per process and only
prepares the values each time, as Django does (each field's ``pre_save``, then
``get_db_prep_save``: encrypted fields encrypt and their digests are derived there; a plain
value by fewer calls, ``core.values``), then sets what ``save`` sets (the generated key, the
row no longer new).

It writes as ``save(force_insert=True)`` on each row would, in one statement: where a model's
rows are saved with listeners (``pre_save``, ``post_save``), or have a column the statement
cannot carry (a database default, a generated column, a placeholder of its own, a value that
is an expression, a key set where the database generates keys), Django writes the rows
instead (one by one, or by ``bulk_create`` for a caller that sends no signals), as it does
more than ``KEPT_ROWS`` at once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any, Generic, NamedTuple, TypeVar

from django.db import (
    DEFAULT_DB_ALIAS,
    NotSupportedError,
    connection,
    connections,
    models,
    transaction,
)
from django.db.models.signals import post_save, pre_save

from qyzmet.core.values import Prepare, preparer

M = TypeVar("M", bound=models.Model)
AUTO_KEYS = ("AutoField", "BigAutoField", "SmallAutoField")  # keys the database generates
KEPT_ROWS = 100  # the most rows of a statement kept; more are left to Django's bulk_create


class Statement(NamedTuple):
    fields: list[Any]  # those a new row gives values for, in the statement's order
    sql: str
    key: Any  # the generated key's field, returned by the statement, or None
    read: list[str | None]  # each field's attribute, where its ``pre_save`` only reads it
    prepare: list[Prepare]  # each field's ``get_db_prep_save``, as ``core.values`` makes it


@functools.lru_cache(maxsize=256)
def _statement(model: type[models.Model], rows: int, vendor: str) -> Statement | None:
    """The INSERT of ``rows`` new rows of ``model`` (returning their generated keys, if any),
    or ``None`` where Django must write them."""
    meta = model._meta
    generated = (
        meta.pk if meta.pk is not None and meta.pk.get_internal_type() in AUTO_KEYS else None
    )
    fields = [field for field in meta.concrete_fields if field is not generated]
    if (
        meta.parents
        or meta.proxy
        or any(field.db_returning for field in fields)  # a generated column
        or any(field.has_db_default() for field in fields)
        or any(own_placeholder(field) for field in fields)
        or (generated is not None and not connection.features.can_return_rows_from_bulk_insert)
    ):
        return None
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)}"
    if generated is not None:
        sql += f" RETURNING {quote(str(generated.column))}"
    read = [
        field.attname if type(field).pre_save is models.Field.pre_save else None for field in fields
    ]
    return Statement(fields, sql, generated, read, [preparer(field) for field in fields])


def own_placeholder(field: Any) -> bool:
    """Whether ``field``'s values need a placeholder other than ``%s`` (a binary one does on
    MySQL, not on SQLite or PostgreSQL)."""
    if isinstance(field, models.BinaryField):  # Django's ``binary_placeholder_sql``
        return connection.vendor not in ("sqlite", "postgresql")
    return hasattr(field, "get_placeholder")


def insert_rows(rows: Sequence[M], *, signals: bool = True) -> list[M]:
    """Write ``rows``, new rows of one model, in one INSERT (several, past the database's limit
    on parameters, all or none) inside the caller's transaction, as ``save(force_insert=True)``
    on each would; the rows, written. ``signals=False``: as ``bulk_create``, no listener hears
    them (the caller has done what its model's listeners would)."""
    return prepare_insert(rows, signals=signals).write()


def prepare_insert(rows: Sequence[M], *, signals: bool = True) -> Insert[M]:
    """``rows`` (as ``insert_rows`` takes them) with their parameters prepared now, to be
    written by the ``Insert``'s ``write``: a change that makes its rows before it writes any
    spends no time preparing them while it writes (on SQLite, in the writers' turn)."""
    rows = list(rows)
    if not rows:
        return Insert(rows, signals=signals, params=[])
    model = type(rows[0])
    if any(type(row) is not model for row in rows):
        raise TypeError("insert_rows writes rows of one model")
    if any(not row._state.adding for row in rows):
        raise ValueError("insert_rows writes new rows only")
    if signals and (pre_save.has_listeners(model) or post_save.has_listeners(model)):
        return Insert(rows, signals=True)
    if len(rows) > KEPT_ROWS:  # a change of many rows: no statement worth keeping
        return Insert(rows, signals=False)
    db = connections[DEFAULT_DB_ALIAS]  # what ``connection`` stands for, looked up once
    statement = _statement(model, 1, db.vendor)
    if statement is None or (statement.key is not None and any(row.pk is not None for row in rows)):
        return Insert(rows, signals=signals)  # a key set on purpose, where the database sets it
    params = [_row_values(statement, row) for row in rows]
    if any(values is None for values in params):
        return Insert(rows, signals=signals)  # an expression: Django compiles it
    return Insert(rows, signals=signals, params=params, statement=statement)  # type: ignore[arg-type]


class Insert(Generic[M]):
    """New rows of one model prepared for their INSERT (``prepare_insert``); ``params=None``:
    Django writes them (``signals`` as ``insert_rows``)."""

    def __init__(
        self,
        rows: list[M],
        *,
        signals: bool,
        params: list[list[Any]] | None = None,
        statement: Statement | None = None,
    ) -> None:
        self.rows, self.signals, self.params = rows, signals, params
        self.statement = statement  # of one row: the fields, in the order of ``params``

    def __add__(self, other: Insert[M]) -> Insert[M]:
        """These rows and ``other``'s, in this order, in one INSERT."""
        if not other.rows:
            return self
        if not self.rows:
            return other
        if type(self.rows[0]) is not type(other.rows[0]):
            raise TypeError("insert_rows writes rows of one model")
        rows, signals = [*self.rows, *other.rows], self.signals or other.signals
        if self.params is None or other.params is None or len(rows) > KEPT_ROWS:
            return prepare_insert(rows, signals=signals)  # as if made together
        return Insert(rows, signals=signals, params=[*self.params, *other.params],
                      statement=self.statement or other.statement)  # fmt: skip

    def refresh(self, row: M, *names: str) -> None:
        """Prepare again the values of ``row``'s fields ``names`` (their attributes), set since
        it was prepared (a value known only once other rows are written: their keys), and of
        those its fields derive as it is saved (``pre_save``: a digest of a value, a time)."""
        if self.params is None or self.statement is None:
            return  # Django reads every value as it writes
        index = next((i for i, one in enumerate(self.rows) if one is row), None)
        if index is None:
            raise ValueError("refresh: not a row of this insert")
        db, statement = connections[DEFAULT_DB_ALIAS], self.statement
        for position, (field, read) in enumerate(zip(statement.fields, statement.read,
                                                     strict=True)):  # fmt: skip
            if read is None:
                value = field.pre_save(row, True)
            elif field.attname in names or field.name in names:
                value = getattr(row, read)
            else:
                continue
            self.params[index][position] = statement.prepare[position](value, db)

    def write(self) -> list[M]:
        """Write the rows, inside the caller's transaction; the rows, written."""
        rows = self.rows
        if not rows:
            return []
        if any(not row._state.adding for row in rows):
            raise ValueError("insert_rows writes new rows only")
        if self.params is None:
            return _by_django(rows, signals=self.signals)
        model, db = type(rows[0]), connections[DEFAULT_DB_ALIAS]
        size = max(db.ops.bulk_batch_size(list(model._meta.concrete_fields), rows), 1)
        starts = range(0, len(rows), size)
        batches = [range(start, min(start + size, len(rows))) for start in starts]
        with transaction.atomic(savepoint=False) if len(batches) > 1 else nullcontext():
            for batch in batches:
                statement = _statement(model, len(batch), db.vendor)
                if statement is None:  # never: that of one row was made
                    raise NotSupportedError(f"no INSERT of {len(batch)} {model.__name__} rows")
                params = [value for index in batch for value in self.params[index]]
                _execute(statement, [rows[index] for index in batch], params, db)
        return list(rows)


def _row_values(statement: Statement, row: models.Model) -> list[Any] | None:
    """The parameters of ``row`` as Django prepares them, or ``None`` when one is an
    expression."""
    meta = row._meta
    if statement.key is None and meta.pk is not None and row.pk is None:  # as ``save``
        setattr(row, meta.pk.attname, meta.pk.get_pk_value_on_save(row))
    # as ``save`` does: a related row saved since it was set gives its key
    row._prepare_related_fields_for_save(operation_name="insert_rows")  # type: ignore[attr-defined]
    values = [
        getattr(row, name) if name is not None else field.pre_save(row, True)
        for field, name in zip(statement.fields, statement.read, strict=True)
    ]
    if any(hasattr(value, "resolve_expression") for value in values):
        return None
    db = connections[DEFAULT_DB_ALIAS]
    return [prepare(value, db) for prepare, value in zip(statement.prepare, values, strict=True)]


def _execute(
    statement: Statement, batch: Sequence[models.Model], params: list[Any], db: Any
) -> None:
    with transaction.mark_for_rollback_on_error(), db.cursor() as cursor:
        cursor.execute(statement.sql, params)
        keys = cursor.fetchall() if statement.key is not None else None
    if keys is not None and len(keys) != len(batch):
        raise NotSupportedError(f"{len(keys)} keys returned for {len(batch)} rows")
    for index, row in enumerate(batch):
        if keys is not None:
            setattr(row, statement.key.attname, keys[index][0])
        row._state.adding = False
        row._state.db = db.alias


def _by_django(rows: Sequence[M], *, signals: bool) -> list[M]:
    """``rows`` written by Django: saved one by one (their listeners hear each), or with
    ``signals=False`` in its ``bulk_create``."""
    if not signals:
        return list(type(rows[0])._default_manager.bulk_create(rows))
    for row in rows:
        row.save(force_insert=True)
    return list(rows)
