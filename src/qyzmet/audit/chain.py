"""The hash chain of audit records: what each record's hash covers, and how it is checked.

A record's hash is the SHA-256 of its canonical JSON (sequence, time, who, what, through
which channel, details) together with the hash of the record before it; the first record
follows ``GENESIS``. Changing, deleting, inserting or reordering any record breaks the
chain at that record; cutting the tail off shows against the last signed checkpoint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (so hashing is stable)."""
    return json.loads(json.dumps(value, default=str))


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
    """What the hash of ``record`` (an ``AuditRecord``) covers."""
    return {
        "sequence": record.sequence,
        "at": record.at.isoformat(),
        "actor": record.actor_id,
        "actor_label": record.actor_label,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "channel": record.channel,
        "details": canonical(record.details),
    }


@dataclass(frozen=True)
class Break:
    """The first record where the chain does not hold, and why."""

    sequence: int
    record_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"record {self.sequence}" + (f" (id {self.record_id})" if self.record_id else "")
        return f"{where}: {self.reason}"


def breaks(records: Iterable[Any]) -> Iterator[Break]:
    """Walk ``records`` in sequence order; yield where the chain breaks."""
    expected_sequence, previous = 1, GENESIS
    for record in records:
        if record.sequence != expected_sequence:
            missing = record.sequence > expected_sequence
            reason = "records before it are missing (deleted)" if missing else "out of order"
            yield Break(expected_sequence, record.pk, reason)
            return
        if record.previous_hash != previous:
            yield Break(record.sequence, record.pk, "does not follow the record before it")
            return
        if record_hash(hashed_fields(record), previous) != record.hash:
            yield Break(record.sequence, record.pk, "its content was changed")
            return
        expected_sequence, previous = record.sequence + 1, record.hash
