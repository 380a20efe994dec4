"""A signed extract of the audit chain for an auditor: the records of a range with their
hashes, the hash before the range, and the platform key's signature over all of it."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from qyzmet.audit.chain import hashed_fields
from qyzmet.audit.models import AuditCheckpoint, AuditRecord
from qyzmet.trust import platform


def _canonical_bytes(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _checkpoint(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    return {
        "sequence": checkpoint.sequence,
        "hash": checkpoint.hash,
        "at": checkpoint.at.isoformat(),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }


def audit_extract(*, first: int = 1, last: int | None = None) -> dict[str, Any]:
    records = AuditRecord.objects.filter(sequence__gte=first).order_by("sequence")
    if last is not None:
        records = records.filter(sequence__lte=last)
    rows = [{**hashed_fields(r), "previous_hash": r.previous_hash, "hash": r.hash} for r in records]
    checkpoint = AuditCheckpoint.objects.filter(
        sequence__gte=rows[-1]["sequence"] if rows else first
    ).first()
    extract: dict[str, Any] = {
        "made_at": timezone.now().isoformat(),
        "first": rows[0]["sequence"] if rows else None,
        "last": rows[-1]["sequence"] if rows else None,
        "records": rows,
        "checkpoint": None
        if checkpoint is None
        else {
            "sequence": checkpoint.sequence,
            "hash": checkpoint.hash,
            "at": checkpoint.at.isoformat(),
            "key_id": checkpoint.key_id,
            "signature": checkpoint.signature,
        },
    }
    key_id, signature = platform.sign(_canonical_bytes(extract))
    return {**extract, "signed_by": key_id, "signature": signature}
