"""Signed checkpoints of the audit chain, and checking the whole chain against them.

A checkpoint is the chain's head (sequence and hash) signed with the platform key. It is
stored in the database and appended to a file outside it (``QYZMET_AUDIT_CHECKPOINT_FILE``),
so that cutting records off the chain's tail, even together with the checkpoint rows, shows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from qyzmet.audit.chain import Break, breaks
from qyzmet.audit.models import AuditCheckpoint, AuditRecord
from qyzmet.trust import platform


def checkpoint_message(sequence: int, hash_: str, at: str) -> bytes:
    return f"qyzmet-audit-checkpoint:{sequence}:{hash_}:{at}".encode()


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def make_checkpoint() -> AuditCheckpoint | None:
    """Sign the chain's current head; ``None`` while the chain is empty."""
    head = AuditRecord.objects.order_by("-sequence").first()
    if head is None:
        return None
    at = timezone.now()
    key_id, signature = platform.sign(checkpoint_message(head.sequence, head.hash, at.isoformat()))
    checkpoint = AuditCheckpoint.objects.create(
        sequence=head.sequence, hash=head.hash, at=at, key_id=key_id, signature=signature
    )
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {"sequence": head.sequence, "hash": head.hash, "at": at.isoformat(),
            "key_id": key_id, "signature": signature}  # fmt: skip
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(line) + "\n")
    return checkpoint


def _checkpoints() -> Iterator[dict[str, Any]]:
    for row in AuditCheckpoint.objects.all():
        yield {
            "sequence": row.sequence,
            "hash": row.hash,
            "at": row.at.isoformat(),
            "key_id": row.key_id,
            "signature": row.signature,
            "where": "database",
        }
    path = checkpoint_file()
    if path.exists():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield {**json.loads(line), "where": f"{path.name} line {number}"}
                except ValueError:
                    yield {"sequence": 0, "where": f"{path.name} line {number}", "broken": True}


def _checkpoint_break(
    checkpoint: dict[str, Any], hashes: dict[int, str], public_key: Any
) -> Break | None:
    sequence = int(checkpoint.get("sequence") or 0)
    where = checkpoint["where"]
    message = checkpoint_message(sequence, str(checkpoint.get("hash")), str(checkpoint.get("at")))
    signed = (
        not checkpoint.get("broken")
        and checkpoint.get("key_id") == platform.key_id_of(public_key)
        and platform.verify(message, str(checkpoint.get("signature")), public_key=public_key)
    )
    if not signed:
        return Break(sequence, None, f"the checkpoint in {where} is not signed by this platform")
    if sequence not in hashes:
        reason = f"missing, though the checkpoint in {where} covers it (the tail was cut off)"
        return Break(sequence, None, reason)
    if hashes[sequence] != checkpoint.get("hash"):
        return Break(sequence, None, f"differs from the checkpoint in {where}")
    return None


def verify_audit_chain() -> Break | None:
    """The first place where the audit chain or a checkpoint does not hold; ``None`` when
    everything holds."""
    records = AuditRecord.objects.order_by("sequence").iterator(chunk_size=2000)
    for found in breaks(records):
        return found
    public_key = platform.platform_key().public_key
    checkpoints = list(_checkpoints())
    covered = {int(c.get("sequence") or 0) for c in checkpoints}
    hashes = dict(AuditRecord.objects.filter(sequence__in=covered).values_list("sequence", "hash"))
    for checkpoint in checkpoints:
        if (bad := _checkpoint_break(checkpoint, hashes, public_key)) is not None:
            return bad
    return None
