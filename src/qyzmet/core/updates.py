"""A hot path's UPDATE of the rows whose columns equal given values, its statement made once
per model and columns and kept, as ``core.inserts`` keeps its INSERTs (decision 83).

``update_where(Model, where={...}, values={...})`` changes what
``Model.objects.filter(**where).update(**values)`` would change, in one UPDATE:
each value prepared as Django's update prepares it (``get_db_prep_save``: an encrypted value
is encrypted), each condition as its ``exact`` lookup prepares it (``None``: ``IS NULL``). Where
Django would do more than compare and set columns (a value that is an expression or a row, a
condition on a relation or through a lookup of its own, such as an encrypted field's digest,
a column with a placeholder of its own), Django's queryset does the update instead.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.lookups import Exact, IntegerFieldExact

from qyzmet.core.inserts import own_placeholder
from qyzmet.core.values import Prepare, preparer

PLAIN_LOOKUPS = (Exact, IntegerFieldExact)  # a column compared with one value


class Statement(NamedTuple):
    sql: str
    values: list[Any]  # the fields set, in the statement's order
    where: list[Any]  # the fields compared with a value (those ``IS NULL`` are in the text)
    prepare: list[Prepare]  # each set field's ``get_db_prep_save`` (``core.values``)


def update_where(
    model: type[models.Model], *, where: dict[str, Any], values: dict[str, Any]
) -> int:
    """Set ``values`` on the rows of ``model`` whose fields equal ``where``'s (``pk`` names
    the key); how many rows changed."""
    db = connections[DEFAULT_DB_ALIAS]  # what ``connection`` stands for, looked up once
    names = tuple((name, where[name] is None) for name in where)
    statement = _statement(model, tuple(values), names, db.vendor)
    if statement is None or any(
        hasattr(value, "resolve_expression") or isinstance(value, models.Model)
        for value in [*values.values(), *where.values()]
    ):
        return model._default_manager.filter(**where).update(**values)
    params = [
        prepare(values[field.name], db)
        for field, prepare in zip(statement.values, statement.prepare, strict=True)
    ]
    params += [
        field.get_db_prep_value(field.get_prep_value(where[name]), db, prepared=True)
        for name, field in zip(
            (name for name, is_null in names if not is_null), statement.where, strict=True
        )
    ]
    with transaction.mark_for_rollback_on_error(), db.cursor() as cursor:
        cursor.execute(statement.sql, params)
        return int(cursor.rowcount)


@functools.lru_cache(maxsize=64)
def _statement(
    model: type[models.Model],
    values: tuple[str, ...],
    where: tuple[tuple[str, bool], ...],
    vendor: str,
) -> Statement | None:
    """The UPDATE, or ``None`` where Django must make it."""
    meta = model._meta
    try:
        set_fields: list[Any] = [meta.get_field(name) for name in values]
        where_fields: list[Any] = [
            meta.pk if name == "pk" else meta.get_field(name) for name, _ in where
        ]
    except FieldDoesNotExist:  # a lookup (``pk__in``) or a name Django explains
        return None
    if (
        not values
        or not where
        or meta.parents
        or any(
            not field.concrete or field.is_relation or field.primary_key
            or own_placeholder(field)
            for field in set_fields
        )
        or any(
            field is None or not field.concrete or field.is_relation
            or field.get_lookup("exact") not in PLAIN_LOOKUPS
            for field in where_fields
        )
    ):  # fmt: skip
        return None
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(field.column)} = %s" for field in set_fields)
    conditions = " AND ".join(
        f"{quote(field.column)} IS NULL" if is_null else f"{quote(field.column)} = %s"
        for field, (_, is_null) in zip(where_fields, where, strict=True)
    )
    return Statement(
        sql=f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {conditions}",
        values=set_fields,
        where=[
            field for field, (_, is_null) in zip(where_fields, where, strict=True) if not is_null
        ],
        prepare=[preparer(field) for field in set_fields],
    )
