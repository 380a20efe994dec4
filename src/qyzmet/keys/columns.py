"""Every encrypted column of the installed models, and what the data keys are used for."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models

from qyzmet.core.encrypted import EncryptedMixin, KeyedHashField, encrypted_fields
from qyzmet.core.encryption import SEPARATOR


@dataclass(frozen=True)
class EncryptedTable:
    model: type[models.Model]
    fields: tuple[EncryptedMixin, ...]

    @property
    def hashes(self) -> list[KeyedHashField]:
        """The keyed hashes of this table's encrypted fields."""
        names = {f.name for f in self.fields}
        return [
            f
            for f in self.model._meta.concrete_fields
            if isinstance(f, KeyedHashField) and f.of in names
        ]

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    @property
    def table(self) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    @property
    def pk(self) -> str:
        return connection.ops.quote_name(str(self.model._meta.pk.column))  # type: ignore[union-attr]

    def column(self, field: EncryptedMixin) -> str:
        return connection.ops.quote_name(field.column)


def encrypted_tables() -> Iterator[EncryptedTable]:
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if fields and model._meta.managed and not model._meta.proxy:
            yield EncryptedTable(model, tuple(fields))


def under(key_id: str) -> str:
    """The LIKE pattern of values encrypted with ``key_id`` (ids have no LIKE wildcards)."""
    return f"{key_id}{SEPARATOR}%"


def values_under(key_id: str) -> int:
    """How many stored values, in every encrypted column, the key ``key_id`` encrypted."""
    total = 0
    with connection.cursor() as cursor:
        for table in encrypted_tables():
            for field in table.fields:
                column = table.column(field)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table.table} WHERE {column} LIKE %s", [under(key_id)]
                )
                total += int(cursor.fetchone()[0])
    return total


def rows_not_under(key_id: str, table: EncryptedTable) -> int:
    """Rows of ``table`` with at least one value encrypted by another key than ``key_id``."""
    condition = " OR ".join(f"{table.column(f)} NOT LIKE %s" for f in table.fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table.table} WHERE {condition}",
            [under(key_id)] * len(table.fields),
        )
        return int(cursor.fetchone()[0])
