"""Writing audit records: every change of state calls ``record_audit`` exactly once.

Each record is appended to the hash chain inside the transaction of the change: the writer
takes the chain's lock (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock
every transaction takes at BEGIN IMMEDIATE), reads the head and links the new record to it,
so concurrent writers queue and never fork the chain.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from qyzmet.audit.chain import GENESIS, canonical, hashed_fields, record_hash
from qyzmet.audit.models import AuditRecord

SYSTEM = "system"
CHAIN_LOCK = 0x715A_AD17  # the advisory lock key of the audit chain on PostgreSQL


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def record_audit(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model,
    channel: str,
    details: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one audit record: who (``actor``, None for the system) did ``action`` to ``obj``
    through ``channel``. Call it inside the transaction of the change it records."""
    label = getattr(actor, "username", None) or SYSTEM
    with transaction.atomic():
        _lock_chain()
        head = AuditRecord.objects.order_by("-sequence").only("sequence", "hash").first()
        record = AuditRecord(
            sequence=(head.sequence + 1) if head else 1,
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            channel=channel,
            details=canonical(details or {}),
            previous_hash=head.hash if head else GENESIS,
        )
        record.hash = record_hash(hashed_fields(record), record.previous_hash)
        record.save(force_insert=True)
    return record
