"""Rows of encrypted models written or rewritten outside the ORM: the registries' bulk
loader (``protect_rows``) and the migrations that encrypt what was stored in clear
(``encrypt_existing_rows``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import models

from qyzmet.core.encrypted import (
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedMixin,
    KeyedHashField,
    MonthField,
    encrypted_fields,
)
from qyzmet.core.keyring import key_ring

Row = tuple[Any, ...]


def protect_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]
) -> tuple[tuple[str, ...], Iterator[Row]]:
    """For a bulk loader that writes plain tuples: the same rows with the encrypted fields
    sealed and the derived columns (keyed hashes, months) appended; and their field names."""
    names = list(fields)
    seals: list[tuple[int, Callable[[Any], str | None]]] = []
    derived: list[tuple[int, Callable[[Any], Any]]] = []
    ring = key_ring()
    for field in encrypted_fields(model):
        if field.name in names:
            seals.append((names.index(field.name), field.sealer(ring)))
    for other in model._meta.concrete_fields:
        if not isinstance(other, KeyedHashField | MonthField) or other.name in names:
            continue
        if other.of in names:
            compute: Callable[[Any], Any] = (
                other.digest if isinstance(other, KeyedHashField) else other.month
            )
            derived.append((names.index(other.of), compute))
            names.append(other.name)
    if not seals and not derived:
        return tuple(fields), iter(rows)

    def protected() -> Iterator[Row]:
        for row in rows:
            values = list(row)
            extra = [compute(values[at]) for at, compute in derived]
            for at, seal in seals:
                values[at] = seal(values[at])
            yield (*values, *extra)

    return tuple(names), protected()


def encrypt_existing_rows(model: type[models.Model], *, batch: int = 2000) -> int:
    """Encrypt the values a table held in clear before its fields became encrypted, and fill
    their keyed hashes and months; for a migration's ``RunPython`` (with its historical
    model). Values already encrypted are left as they are, so it can run again. Rows changed."""
    from django.db import connection

    ring = key_ring()
    sealed = encrypted_fields(model)
    derived: list[Any] = [
        f for f in model._meta.concrete_fields if isinstance(f, KeyedHashField | MonthField)
    ]
    if not sealed:
        return 0
    by_name = {f.name: f for f in sealed}
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))  # type: ignore[union-attr]
    columns = ", ".join(quote(f.column) for f in sealed)
    targets = [*sealed, *derived]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in targets)
    update = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    if connection.vendor == "postgresql":
        # Check foreign keys as each row is updated, not at the commit: deferred checks
        # pending at the migration's next ALTER TABLE would stop it.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    changed, last = 0, None
    while True:
        with connection.cursor() as cursor:
            after = "" if last is None else f"WHERE {pk} > %s "
            cursor.execute(
                f"SELECT {pk}, {columns} FROM {table} {after}ORDER BY {pk} LIMIT {batch}",
                [] if last is None else [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return changed
            updates = []
            for key, *stored in rows:
                clear: dict[str, Any] = {}
                values: list[Any] = []
                for field, value in zip(sealed, stored, strict=True):
                    if value is not None and str(value).partition("$")[0] in ring.keys:
                        clear[field.name] = field.open(value)
                        values.append(value)
                    else:
                        clear[field.name] = None if value is None else _clear(field, value)
                        values.append(field.seal(clear[field.name], ring))
                for other in derived:
                    source = clear.get(other.of) if other.of in by_name else None
                    if isinstance(other, KeyedHashField):
                        values.append(other.digest(source))
                    else:
                        values.append(other.month(source))
                updates.append([*values, key])
            cursor.executemany(update, updates)
            changed += len(updates)
            last = rows[-1][0]


def _clear(field: EncryptedMixin, value: Any) -> Any:
    """A value as an unencrypted column held it (text, a date, parsed or unparsed JSON)."""
    if isinstance(field, EncryptedJSONField):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(field, EncryptedDateField):
        return field.to_python(value)
    return str(value)
