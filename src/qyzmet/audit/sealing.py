"""Sealing the audit log: one sealer at a time numbers the committed records not yet sealed,
binds each number to the record with the audit key, extends the Merkle tree and signs its new
head. Writers never wait for it: ``record_audit`` only inserts.

The sealer holds its own lock (PostgreSQL: a transaction-level advisory lock; SQLite: the
write lock every transaction takes at BEGIN IMMEDIATE) for one batch, never a business
transaction's. Several workers may call it at once: the second finds nothing left to seal.
It refuses to go on (``SealRefused``) from a tree head that is not the platform's, that does
not match its own frontier, or that is behind the checkpoint file: tree heads were removed.
"""

from __future__ import annotations

from django.db import OperationalError, connection, transaction

from qyzmet.audit.heads import append_to_file, last_size_in_file, sign_tree_head
from qyzmet.audit.keyed import leaf, seal_mac
from qyzmet.audit.models import AuditRecord, AuditTreeHead, AuditTreeNode
from qyzmet.audit.proofs import stored_nodes
from qyzmet.audit.tree import Frontier, head_message
from qyzmet.trust import platform

SEAL_LOCK = 0x715A_5EA1  # the advisory lock key of the audit sealer on PostgreSQL
SEAL_LOCK_WAIT = "30s"  # longest wait for it: a sealer holds it for one batch only
BATCH = 5000  # records per tree head, at most


class SealRefused(Exception):
    """The log's last tree head cannot be trusted to go on from; ``qyzmet audit verify`` says
    more."""


def seal_audit_log(*, batch: int = BATCH) -> AuditTreeHead | None:
    """Seal every committed record not yet sealed, ``batch`` at a time, each batch under a new
    signed tree head (also appended to the checkpoint file); the last head made, or ``None``
    when there was nothing to seal. Call it outside a transaction."""
    latest = None
    while (head := _seal_batch(batch)) is not None:
        append_to_file(head)
        latest = head
    return latest


def _lock_sealer() -> None:
    """Take the sealer's lock, waiting at most ``SEAL_LOCK_WAIT``: a session that holds it
    longer (a sealer takes it for one batch) is refused, so verify reports it, never hangs."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [SEAL_LOCK_WAIT])
            try:
                with transaction.atomic():
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
            except OperationalError as error:
                raise SealRefused(
                    f"another session has held the sealer's lock for over {SEAL_LOCK_WAIT}"
                ) from error


def _seal_batch(batch: int) -> AuditTreeHead | None:
    with transaction.atomic():
        _lock_sealer()
        frontier = _trusted_frontier()
        records = _next_records(frontier.size, batch)
        if not records:
            return None
        nodes = []
        for record in records:
            sequence = frontier.size + 1
            if record.sequence is not None and record.sequence != sequence:
                raise SealRefused(f"record {sequence} is missing from the records to seal")
            record.sequence, record.seal = sequence, seal_mac(sequence=sequence, mac=record.mac)
            nodes += stored_nodes(frontier.append(leaf(record)), sequence)
        _number(records)
        AuditTreeNode.objects.bulk_create(nodes)
        return sign_tree_head(size=frontier.size, root=frontier.root(), frontier=frontier.hashes)


def _number(records: list[AuditRecord]) -> None:
    """Write the records' numbers and seals: one statement, many parameters (bulk_update
    builds a CASE per row, ten times slower)."""
    quote = connection.ops.quote_name
    table, sequence, seal = (quote(n) for n in (AuditRecord._meta.db_table, "sequence", "seal"))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {sequence} = %s, {seal} = %s WHERE id = %s",
            [(r.sequence, r.seal, r.pk) for r in records],
        )


def _trusted_frontier() -> Frontier:
    last = AuditTreeHead.objects.order_by("-size").first()
    size = last.size if last else 0
    if (in_file := last_size_in_file()) > size:
        raise SealRefused(
            f"the checkpoint file has a tree head of {in_file} records, the database "
            f"{size}: tree heads were removed from the database"
        )
    if last is None:
        return Frontier()
    public_key = platform.platform_key().public_key
    message = head_message(last.size, last.root, last.at.isoformat())
    if last.key_id != platform.key_id_of(public_key) or not platform.verify(
        message, last.signature, public_key=public_key
    ):
        raise SealRefused(f"tree head {last.size} is not signed by this platform")
    try:
        frontier = Frontier(size=last.size, hashes=last.frontier)
    except (ValueError, TypeError) as error:
        raise SealRefused(f"tree head {last.size} has a broken frontier") from error
    if frontier.root() != last.root:
        raise SealRefused(f"tree head {last.size}'s frontier does not give its root")
    return frontier


def _next_records(size: int, batch: int) -> list[AuditRecord]:
    """Records written before the Merkle log first (numbered, not sealed), then the others in
    the order they were written."""
    beyond = AuditRecord.objects.filter(sequence__gt=size)
    if beyond.exclude(seal="").exists():
        raise SealRefused(f"records beyond tree head {size} are sealed: tree heads were removed")
    numbered = list(beyond.order_by("sequence")[:batch])
    if numbered:
        return numbered
    return list(AuditRecord.objects.filter(sequence__isnull=True).order_by("id")[:batch])
