"""The check every ``qyzmet`` command (``serve``, ``worker``, ``migrate``...) makes before it
starts: the data keys are there and are the ones the data was encrypted with.

A missing key file is created only while no encrypted value exists (a fresh checkout); once
data is encrypted, a missing file, a key id the ring lacks, a key that fails to decrypt or an
index key that gives other keyed hashes stops the command with a message saying what to do.
The first and the last row of every encrypted table are read (a rotation works through a
table in key order, so they show both ends of one).
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError, connection

from qyzmet.core.encryption import SEPARATOR
from qyzmet.core.keyring import KEY_ID, KeyRing, KeyRingError, from_environment, key_file, key_ring
from qyzmet.keys.columns import EncryptedTable, encrypted_tables

HINT = (
    "The data keys live in QYZMET_KEY_DIR/data-keys.json or QYZMET_DATA_KEYS; restore them "
    "from the backup made when they were created (docs/operations.md, 'Data keys')."
)


def _ends(table: EncryptedTable) -> list[dict[str, Any]]:
    """The stored values (and keyed hashes) of the first and the last row, as stored."""
    fields: list[Any] = [*table.fields, *table.hashes]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rows = []
    with connection.cursor() as cursor:
        for order in ("ASC", "DESC"):
            cursor.execute(
                f"SELECT {columns} FROM {table.table} ORDER BY {table.pk} {order} LIMIT 1"
            )
            row = cursor.fetchone()
            if row is not None:
                rows.append({f.name: value for f, value in zip(fields, row, strict=True)})
    return rows


def _is_ciphertext(value: Any) -> bool:
    """Encrypted, as opposed to a value from before its column was (a pending migration)."""
    if not isinstance(value, str):
        return False
    key_id, separator, _ = value.partition(SEPARATOR)
    return bool(separator) and bool(KEY_ID.match(key_id))


def _holds_encrypted_data() -> bool:
    try:
        return any(
            _is_ciphertext(row[f.name])
            for table in encrypted_tables()
            for row in _ends(table)
            for f in table.fields
        )
    except DatabaseError:  # not migrated yet
        return False


def verify_data_keys() -> KeyRing:
    """The key ring, checked against the data; ``KeyRingError`` saying what is wrong."""
    if not from_environment() and not key_file().exists() and _holds_encrypted_data():
        raise KeyRingError(
            f"the data key file {key_file()} is missing, and the database holds encrypted "
            "personal data: restore the file from its backup (or set QYZMET_DATA_KEYS)"
        )
    ring = key_ring()
    try:
        samples = [(table, row) for table in encrypted_tables() for row in _ends(table)]
    except DatabaseError:  # not migrated yet
        return ring
    for table, row in samples:
        clear = {
            f.name: f.open(row[f.name])  # a wrong or missing key raises here
            for f in table.fields
            if _is_ciphertext(row[f.name])
        }
        for index in table.hashes:
            stored = row[index.name]
            if index.of in clear and stored is not None and stored != index.digest(clear[index.of]):
                raise KeyRingError(
                    f"the index key of {ring.source} is not the one that indexed "
                    f"{table.label}.{index.of}: look-ups would find nobody"
                )
    return ring


def data_keys_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        verify_data_keys()
    except KeyRingError as error:
        return [checks.Error(str(error), hint=HINT, id="keys.E001")]
    return []
