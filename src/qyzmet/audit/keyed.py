"""The keyed hashes of audit records: HMAC-SHA256 with the audit key, a file in the key folder
(outside the database, like the platform key), so that someone who can write to the database
but not read that folder cannot make a changed, forged or renumbered record verify.

- ``content_mac``: written with the record, covers what happened (not its place in the log).
- ``seal_mac``: written by the sealer, binds the record's number in the log to its content.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from qyzmet.audit.tree import leaf_of

FILE_NAME = "audit-hmac.key"


def canonical(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (so hashing is stable)."""
    return json.loads(json.dumps(value, default=str))


def canonical_bytes(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def key_path() -> Path:
    return Path(settings.KEY_DIR) / FILE_NAME


@lru_cache(maxsize=4)
def _key_in(folder: str) -> bytes:
    path = Path(folder) / FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32) + "\n")
    key = bytes.fromhex(path.read_text().strip())
    if len(key) < 32:
        raise ValueError(f"{path} holds no audit key of 32 bytes")
    return key


def audit_key() -> bytes:
    """The audit key, created (once, whatever the number of processes) on first use."""
    return _key_in(str(settings.KEY_DIR))


def content_fields(record: Any) -> dict[str, Any]:
    """What a record's ``mac`` covers: when, who, what, to what, through which channel."""
    return {
        "at": record.at.isoformat(),
        "actor": record.actor_id,
        "actor_label": record.actor_label,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "channel": record.channel,
        "details": canonical(record.details),
    }


def _mac(message: bytes) -> str:
    return hmac.new(audit_key(), message, hashlib.sha256).hexdigest()


def content_mac(record: Any) -> str:
    return _mac(b"qyzmet-audit-record:" + canonical_bytes(content_fields(record)))


def seal_mac(*, sequence: int, mac: str) -> str:
    return _mac(f"qyzmet-audit-seal:{sequence}:{mac}".encode())


def leaf_fields(record: Any) -> dict[str, Any]:
    """The record as a leaf of the Merkle tree: its number, content and keyed hash, so that an
    auditor holding the record (without the audit key) can check it is in a signed tree."""
    return {**content_fields(record), "sequence": record.sequence, "mac": record.mac}


def leaf(record: Any) -> bytes:
    return leaf_of(leaf_fields(record))


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
