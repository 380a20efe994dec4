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
from django.db import DatabaseError, models

from qyzmet.core.encrypted import KeyedHashField
from qyzmet.core.keyring import KeyRing, KeyRingError, from_environment, key_file, key_ring
from qyzmet.keys.columns import encrypted_tables

HINT = (
    "The data keys live in QYZMET_KEY_DIR/data-keys.json or QYZMET_DATA_KEYS; restore them "
    "from the backup made when they were created (docs/operations.md, 'Data keys')."
)


def _samples() -> list[models.Model]:
    rows: list[models.Model] = []
    for table in encrypted_tables():
        manager = table.model._default_manager
        for ordering in ("pk", "-pk"):
            row = manager.order_by(ordering).first()
            if row is not None:
                rows.append(row)
    return rows


def _holds_encrypted_data() -> bool:
    for table in encrypted_tables():
        try:
            if table.model._default_manager.exists():
                return True
        except DatabaseError:  # not migrated yet
            return False
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
        samples = _samples()  # reading a row decrypts it: a wrong or missing key raises here
    except DatabaseError:
        return ring
    for row in samples:
        for field in row._meta.concrete_fields:
            if isinstance(field, KeyedHashField):
                stored = getattr(row, field.attname)
                if stored is not None and stored != field.digest(getattr(row, field.of)):
                    raise KeyRingError(
                        f"the index key of {ring.source} is not the one that indexed "
                        f"{row._meta.label_lower}.{field.of}: look-ups would find nobody"
                    )
    return ring


def data_keys_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        verify_data_keys()
    except KeyRingError as error:
        return [checks.Error(str(error), hint=HINT, id="keys.E001")]
    return []
