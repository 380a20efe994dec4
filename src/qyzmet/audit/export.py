"""Proofs for an auditor, checkable without the database: a record (or a range of records)
with its inclusion proof in the latest signed tree head (``tree.check_proof`` checks one with
the platform's public key), the whole extract signed with the platform key. A proof reads a
few stored subtree hashes and at most two short runs of records (``proofs.py``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qyzmet.audit.heads import as_line
from qyzmet.audit.keyed import canonical_bytes, leaf_fields
from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.proofs import Prover, proof_of
from qyzmet.trust import platform


class NotSealed(Exception):
    """The record is not in a signed tree head yet (``qyzmet audit seal``), or does not exist."""


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
    _number(record)
    return proof_of(record, head)


def audit_extract(*, first: int = 1, last: int | None = None) -> dict[str, Any]:
    """The sealed records ``first`` to ``last`` (numbers), each with its inclusion proof in
    the latest tree head, signed as a whole."""
    head = _latest_head()
    last = min(last or head.size, head.size)
    prover = Prover(head)
    records = AuditRecord.objects.filter(sequence__gte=first, sequence__lte=last)
    extract: dict[str, Any] = {
        "made_at": timezone.now().isoformat(),
        "first": first,
        "last": last,
        "tree_head": as_line(head),
        "records": [
            {"record": leaf_fields(r), "path": prover.path(_number(r))}
            for r in records.order_by("sequence")
        ],
    }
    key_id, signature = platform.sign(canonical_bytes(extract))
    return {**extract, "signed_by": key_id, "signature": signature}
