"""A record's inclusion proof read in O(log n): the stored hashes of the perfect subtrees
the proof names (``AuditTreeNode``, level ``STORED_FROM`` and up) and, for those below, the
records of at most two runs of ``2**STORED_FROM`` (the one holding the record, and the tree's
unfinished last run). Decision 0069."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from qyzmet.audit.heads import as_line
from qyzmet.audit.keyed import leaf, leaf_fields
from qyzmet.audit.models import AuditRecord, AuditTreeHead, AuditTreeNode
from qyzmet.audit.paths import nodes_needed, path_of
from qyzmet.audit.tree import leaf_hash, node_hash

STORED_FROM = 7  # the lowest level of the nodes kept: 128 records each
ACCESS_KEYS = ("message_id", "access")  # of the exchange's records; of an officer's opening


def access_named(record: dict[str, Any]) -> str | None:
    """The message id of the data access a record (its leaf fields) is about, if it names one
    in its details (the exchange's records, an attachment or consultation opened)."""
    details = record.get("details")
    if isinstance(details, dict):
        for key in ACCESS_KEYS:
            if isinstance(details.get(key), str) and details[key]:
                return str(details[key])
    return None


def stored_nodes(completed: list[tuple[int, bytes]], size: int) -> list[AuditTreeNode]:
    """The nodes to keep of those the ``size``-th leaf completed (``Frontier.append``)."""
    return [
        AuditTreeNode(level=level, index=(size >> level) - 1, hash=hash_.hex())
        for level, hash_ in completed
        if level >= STORED_FROM
    ]


class Prover:
    """Inclusion proofs in one signed tree head; keeps what it read, for an extract's many."""

    def __init__(self, head: AuditTreeHead) -> None:
        self.head = head
        self._nodes: dict[tuple[int, int], bytes] = {}
        self._leaves: dict[int, bytes] = {}  # leaf hashes by index from 0

    def path(self, sequence: int) -> list[str]:
        """The audit path of record number ``sequence`` (from 1)."""
        index, size = sequence - 1, self.head.size
        needed = nodes_needed(index, size) - self._nodes.keys()
        self._read_nodes({n for n in needed if n[0] >= STORED_FROM})
        missing = {n for n in needed if n not in self._nodes}
        self._read_leaves(missing)
        return path_of(index, size, self._node)

    def _node(self, level: int, index: int) -> bytes:
        if (found := self._nodes.get((level, index))) is None:
            if level == 0:
                return self._leaves[index]
            left, right = self._node(level - 1, 2 * index), self._node(level - 1, 2 * index + 1)
            found = self._nodes[(level, index)] = node_hash(left, right)
        return found

    def _read_nodes(self, wanted: set[tuple[int, int]]) -> None:
        if not wanted:
            return
        query = reduce(or_, (Q(level=level, index=index) for level, index in wanted))
        for node in AuditTreeNode.objects.filter(query).only("level", "index", "hash"):
            self._nodes[(node.level, node.index)] = bytes.fromhex(node.hash)

    def _read_leaves(self, missing: set[tuple[int, int]]) -> None:
        """The records under the ``missing`` nodes, in one query: for those below the stored
        levels the whole run of ``2**STORED_FROM`` around them (at most two runs a proof); a
        stored node missing (a log sealed before nodes were kept) is read in full."""
        runs = set()
        for level, index in missing:
            first, last = index << level, (index + 1) << level
            if level < STORED_FROM:
                first = first >> STORED_FROM << STORED_FROM
                last = first + (1 << STORED_FROM)
            if first not in self._leaves:
                runs.add((first, min(last, self.head.size)))
        if not runs:
            return
        query = reduce(or_, (Q(sequence__gt=first, sequence__lte=last) for first, last in runs))
        for record in AuditRecord.objects.filter(query).iterator(chunk_size=2000):
            self._leaves[int(record.sequence or 0) - 1] = leaf_hash(leaf(record))


def proof_of(record: AuditRecord, head: AuditTreeHead) -> dict[str, Any]:
    """Record ``record``'s (sealed, in ``head``) inclusion proof, as ``tree.check_proof``
    checks it: its leaf's fields, its audit path and the signed tree head."""
    assert record.sequence is not None and record.sequence <= head.size
    return {
        "record": leaf_fields(record),
        "tree_head": as_line(head),
        "path": Prover(head).path(record.sequence),
    }
