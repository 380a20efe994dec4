"""Rotating the data keys without downtime: ``rotate_data_key`` makes a new current key,
``reencrypt_data`` moves every stored value to it in batches, ``retire_data_key`` drops a
key nothing uses any more.

While values are moved the platform keeps working: old keys still decrypt, each batch is its
own short transaction, and a value is replaced only if it is still the one read (a citizen
who saves meanwhile wins). Stopping at any point loses nothing; running again continues with
what is left (``data_key_status`` counts it). An app server that had not read the new key yet
reads the key file again when it meets a value under a key it does not know.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from qyzmet.core.encryption import SEPARATOR, decrypt, sealer
from qyzmet.core.keyring import (
    KeyRing,
    KeyRingError,
    key_ring,
    reload_key_ring,
    save_key_ring,
    with_new_current_key,
    without_key,
)
from qyzmet.keys.columns import (
    EncryptedTable,
    encrypted_tables,
    rows_not_under,
    under,
    values_under,
)

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int, float], None]  # table, rows done, rows to do, rows/s


@dataclass
class Reencryption:
    key_id: str
    rows: int = 0
    values: int = 0
    seconds: float = 0.0
    per_table: dict[str, int] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class KeyStatus:
    current: str
    values_per_key: dict[str, int]
    rows_left: dict[str, int]  # per table: rows with a value under an older key

    @property
    def left(self) -> int:
        return sum(self.rows_left.values())


def rotate_data_key() -> KeyRing:
    """Add a new key to the key file and make it current; the old ones stay to decrypt."""
    ring = with_new_current_key(reload_key_ring())
    save_key_ring(ring)
    logger.info("data key %s is now current", ring.current)
    return reload_key_ring()


def _quiet(table: str, done: int, total: int, rate: float) -> None:
    pass


def reencrypt_data(*, batch: int = 1000, progress: Progress | None = None) -> Reencryption:
    """Move every encrypted value to the current key, a batch of rows per transaction."""
    ring = reload_key_ring()
    report = Reencryption(ring.current)
    started = time.perf_counter()
    for table in encrypted_tables():
        to_do = rows_not_under(ring.current, table)
        done = 0
        (progress or _quiet)(table.label, 0, to_do, 0.0)
        last = None
        while True:
            rows, values, last = _reencrypt_batch(table, ring, batch, after=last)
            if rows == 0 and last is None:
                break
            done += rows
            report.rows += rows
            report.values += values
            report.seconds = time.perf_counter() - started
            (progress or _quiet)(table.label, done, max(to_do, done), report.rows_per_second)
        report.per_table[table.label] = done
    report.seconds = time.perf_counter() - started
    logger.info(
        "re-encrypted %s rows (%s values) under %s in %.1f s",
        report.rows, report.values, ring.current, report.seconds,
    )  # fmt: skip
    return report


def _reencrypt_batch(
    table: EncryptedTable, ring: KeyRing, batch: int, *, after: Any
) -> tuple[int, int, Any]:
    """One transaction: the next ``batch`` rows after ``after`` (by primary key) with a value
    under an older key, locked and re-encrypted; (rows, values changed, last key or None when
    done). The rows are locked (``FOR UPDATE``; SQLite's transactions hold the write lock from
    their start), so a concurrent save waits for the batch and is never overwritten."""
    columns = [table.column(f) for f in table.fields]
    stale = " OR ".join(f"{c} NOT LIKE %s" for c in columns)
    where = f"({stale})" + ("" if after is None else f" AND {table.pk} > %s")
    params: list[Any] = [under(ring.current)] * len(columns)
    if after is not None:
        params.append(after)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    current = f"{ring.current}{SEPARATOR}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {table.pk}, {', '.join(columns)} FROM {table.table} "
            f"WHERE {where} ORDER BY {table.pk} LIMIT {int(batch)}{lock}",
            params,
        )
        rows = cursor.fetchall()
        if not rows:
            return 0, 0, None
        values, updates = 0, []
        seals = [(sealer(f.context, ring=ring), f.context) for f in table.fields]
        for key, *stored in rows:
            fresh = []
            for (seal, context), old in zip(seals, stored, strict=True):
                if old is None or old.startswith(current):
                    fresh.append(old)
                else:
                    fresh.append(seal(decrypt(old, context, ring=ring)))
                    values += 1
            updates.append((*fresh, key))
        _write_back(cursor, table, columns, updates)
        return len(rows), values, rows[-1][0]


def _write_back(cursor: Any, table: EncryptedTable, columns: list[str], updates: list[Any]) -> None:
    """Store the re-encrypted rows: on PostgreSQL in one ``UPDATE ... FROM (VALUES ...)`` per
    batch (a statement per row costs a round trip each), elsewhere row by row."""
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{c} = %s" for c in columns)
        cursor.executemany(f"UPDATE {table.table} SET {assignments} WHERE {table.pk} = %s", updates)
        return
    names = [f"c{i}" for i in range(len(columns))]
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    assignments = ", ".join(f"{c} = v.{n}" for c, n in zip(columns, names, strict=True))
    cursor.execute(
        f"UPDATE {table.table} SET {assignments} FROM (VALUES {', '.join([row] * len(updates))}) "
        f"AS v({', '.join(names)}, k) WHERE {table.table}.{table.pk} = v.k",
        [value for update in updates for value in update],
    )


def data_key_status() -> KeyStatus:
    ring = key_ring()
    return KeyStatus(
        current=ring.current,
        values_per_key={key_id: values_under(key_id) for key_id in ring.keys},
        rows_left={t.label: rows_not_under(ring.current, t) for t in encrypted_tables()},
    )


def retire_data_key(key_id: str) -> KeyRing:
    """Remove an old key from the key file, only when no stored value needs it."""
    ring = reload_key_ring()
    if key_id not in ring.keys:
        raise KeyRingError(f"there is no data key {key_id!r}")
    used = values_under(key_id)
    if used:
        raise KeyRingError(
            f"{used} stored values are still encrypted with {key_id}: run "
            "`qyzmet keys rotate --resume` first"
        )
    save_key_ring(without_key(ring, key_id))
    logger.info("data key %s retired", key_id)
    return reload_key_ring()
