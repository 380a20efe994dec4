"""Signed tree heads of the audit log: the size and root of its Merkle tree at a moment,
signed with the platform key, kept in the database and appended to a file outside it
(``QYZMET_AUDIT_CHECKPOINT_FILE``), so that cutting records off the tail, even together with
the database's tree heads, shows. The file also holds the checkpoints of the hash chain of
the records written before the Merkle log (lines with ``sequence`` and ``hash``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from qyzmet.audit.models import AuditCheckpoint, AuditTreeHead
from qyzmet.audit.tree import head_message
from qyzmet.trust import platform

TAIL_BYTES = 8192  # enough for the file's last line


def checkpoint_message(sequence: int, hash_: str, at: str) -> bytes:
    """What a checkpoint of the hash chain before the Merkle log signed."""
    return f"qyzmet-audit-checkpoint:{sequence}:{hash_}:{at}".encode()


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def sign_tree_head(*, size: int, root: str, frontier: list[str]) -> AuditTreeHead:
    at = timezone.now()
    key_id, signature = platform.sign(head_message(size, root, at.isoformat()))
    return AuditTreeHead.objects.create(
        size=size, root=root, frontier=frontier, at=at, key_id=key_id, signature=signature
    )


def as_line(head: AuditTreeHead) -> dict[str, Any]:
    return {"size": head.size, "root": head.root, "at": head.at.isoformat(),
            "key_id": head.key_id, "signature": head.signature}  # fmt: skip


def append_to_file(head: AuditTreeHead) -> None:
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(as_line(head)) + "\n")


def is_signed(head: dict[str, Any], public_key: Any) -> bool:
    """``head`` (a tree head, or a checkpoint of the old chain) is signed by this platform."""
    if "size" in head:
        message = head_message(int(head["size"]), str(head.get("root")), str(head.get("at")))
    else:
        message = checkpoint_message(
            int(head.get("sequence") or 0), str(head.get("hash")), str(head.get("at"))
        )
    return head.get("key_id") == platform.key_id_of(public_key) and platform.verify(
        message, str(head.get("signature")), public_key=public_key
    )


def file_entries() -> list[dict[str, Any]]:
    """Every line of the checkpoint file, with ``where`` (its line); a line that is not JSON
    is ``{"broken": True}``."""
    path = checkpoint_file()
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            where = f"{path.name} line {number}"
            try:
                entry = json.loads(line)
                entries.append({**entry, "where": where} if isinstance(entry, dict) else {})
            except ValueError:
                entries.append({"broken": True, "where": where})
    return entries


def database_entries() -> list[dict[str, Any]]:
    heads = [{**as_line(h), "where": f"the database (tree head {h.size})"}
             for h in AuditTreeHead.objects.all()]  # fmt: skip
    checkpoints = [
        {"sequence": c.sequence, "hash": c.hash, "at": c.at.isoformat(), "key_id": c.key_id,
         "signature": c.signature, "where": f"the database (checkpoint {c.sequence})"}
        for c in AuditCheckpoint.objects.all()
    ]  # fmt: skip
    return heads + checkpoints


def last_size_in_file() -> int:
    """The size of the file's last signed tree head (0 if none): read from its tail only."""
    path = checkpoint_file()
    if not path.exists():
        return 0
    with path.open("rb") as file:
        file.seek(0, 2)
        file.seek(max(0, file.tell() - TAIL_BYTES))
        lines = file.read().decode("utf-8", "replace").splitlines()
    public_key = platform.platform_key().public_key
    for line in reversed(lines):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and "size" in entry and is_signed(entry, public_key):
            return int(entry["size"])
    return 0
