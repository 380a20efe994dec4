"""The SHA-256 hash chain that audit records were linked into before the Merkle log
(migration 0003): kept to check those records' old hashes and the checkpoints signed then.

A record's hash was the SHA-256 of its canonical JSON (sequence, time, who, what, through
which channel, details) together with the hash of the record before it, the first following
``GENESIS``. Without a key, anyone who can write to the database can recompute it: the keyed
hashes and the signed tree heads (``keyed.py``, ``sealing.py``) are what protect the records now.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from qyzmet.audit.keyed import canonical, content_fields

GENESIS = "0" * 64

__all__ = ["GENESIS", "canonical", "hashed_fields", "legacy_problems", "record_hash"]


def record_hash(fields: dict[str, Any], previous_hash: str) -> str:
    body = json.dumps(
        {**fields, "previous_hash": previous_hash},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def hashed_fields(record: Any) -> dict[str, Any]:
    """What the old hash of ``record`` (an ``AuditRecord``) covered: its place in the chain and
    what its keyed hash covers now."""
    return {"sequence": record.sequence, **content_fields(record)}


def legacy_problems(records: Iterable[Any]) -> Iterator[tuple[Any, str]]:
    """Walk the records that have an old hash, in sequence order: (record, reason) where the
    old chain does not hold."""
    previous = GENESIS
    for record in records:
        if record_hash(hashed_fields(record), previous) != record.legacy_hash:
            yield record, "its hash in the chain written before the Merkle log does not hold"
            return
        previous = record.legacy_hash
