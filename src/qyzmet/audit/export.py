"""Proofs for an auditor, checkable without the database: a record (or a range of records)
with its inclusion proof in the latest signed tree head (``tree.check_proof`` checks one with
the platform's public key), the whole extract signed with the platform key."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qyzmet.audit.heads import as_line
from qyzmet.audit.keyed import canonical_bytes, leaf, leaf_fields
from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.tree import inclusion_proof, leaf_hash
from qyzmet.trust import platform


class NotSealed(Exception):
    """The record is not in a signed tree head yet (``qyzmet audit seal``), or does not exist."""


def _tree(head: AuditTreeHead) -> list[bytes]:
    """The leaf hashes of the tree ``head`` signed, in order (one read of the log)."""
    records = AuditRecord.objects.filter(sequence__lte=head.size).order_by("sequence")
    return [leaf_hash(leaf(r)) for r in records.iterator(chunk_size=2000)]


def _number(record: AuditRecord) -> int:
    if record.sequence is None:
        raise NotSealed(f"record id {record.pk} is not sealed yet")
    return record.sequence


def _latest_head() -> AuditTreeHead:
    head = AuditTreeHead.objects.order_by("-size").first()
    if head is None:
        raise NotSealed("no tree head is signed yet")
    return head


def prove_record(*, record_id: int) -> dict[str, Any]:
    """The inclusion proof of record ``record_id`` (its id) in the latest signed tree head."""
    head = _latest_head()
    record = AuditRecord.objects.filter(pk=record_id, sequence__lte=head.size).first()
    if record is None:
        raise NotSealed(f"record id {record_id} is not in tree head {head.size}")
    path = inclusion_proof(_tree(head), _number(record) - 1)
    return {"record": leaf_fields(record), "tree_head": as_line(head), "path": path}


def audit_extract(*, first: int = 1, last: int | None = None) -> dict[str, Any]:
    """The sealed records ``first`` to ``last`` (numbers), each with its inclusion proof in
    the latest tree head, signed as a whole."""
    head = _latest_head()
    last = min(last or head.size, head.size)
    tree = _tree(head)
    records = AuditRecord.objects.filter(sequence__gte=first, sequence__lte=last)
    extract: dict[str, Any] = {
        "made_at": timezone.now().isoformat(),
        "first": first,
        "last": last,
        "tree_head": as_line(head),
        "records": [
            {"record": leaf_fields(r), "path": inclusion_proof(tree, _number(r) - 1)}
            for r in records.order_by("sequence")
        ],
    }
    key_id, signature = platform.sign(canonical_bytes(extract))
    return {**extract, "signed_by": key_id, "signature": signature}
