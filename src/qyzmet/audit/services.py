"""Writing audit records: every change of state calls ``record_audit`` exactly once.

A record is one INSERT in the transaction of the change, carrying the keyed hash of its
content (``keyed.py``): no lock, no read of the log, so business transactions on many app
servers never queue on the audit log. The sealer (``sealing.py``) numbers the committed
records and signs the tree heads, every minute from the workers and every
``QYZMET_AUDIT_SEAL_EVERY`` records.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from qyzmet.audit.keyed import canonical, content_mac
from qyzmet.audit.models import AuditRecord
from qyzmet.core.inserts import Insert, prepare_insert

SYSTEM = "system"


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
    record = audit_record(actor=actor, action=action, obj=obj, channel=channel, details=details)
    return record_audits([record])[0]


def record_audits(records: list[AuditRecord]) -> list[AuditRecord]:
    """Append several audit records (each made by ``audit_record``) in one INSERT; call it
    inside the transaction of the changes they record."""
    return audits_written(prepare_audits(records).write())


def prepare_audits(
    records: list[AuditRecord], *, pointed_later: Collection[AuditRecord] = ()
) -> Insert[AuditRecord]:
    """``records`` prepared for their one INSERT (its ``write``, then ``audits_written``), for a
    change that makes its rows before it writes any. ``pointed_later``: those of them made
    before their object had its key, pointed at it (``point_at``) and prepared again
    (``Insert.refresh``) before they are written."""
    later = {id(record) for record in pointed_later}
    if any(not record.mac and id(record) not in later for record in records):
        raise ValueError("an audit record without its keyed hash: point it at its object")
    return prepare_insert(records)


def audits_written(saved: list[AuditRecord]) -> list[AuditRecord]:
    """After ``saved`` were written (in the change's transaction): the sealer asked to seal,
    every ``AUDIT_SEAL_EVERY``. One written without its keyed hash fails the change."""
    if any(not record.mac for record in saved):
        raise ValueError("an audit record was written without its keyed hash")
    if any(record.pk % settings.AUDIT_SEAL_EVERY == 0 for record in saved):
        transaction.on_commit(_enqueue_seal)
    return saved


def point_at(record: AuditRecord, obj: models.Model) -> AuditRecord:
    """``record``, made (``audit_record``) before ``obj`` had its key, made to name it now that
    it is written: its object id, and its keyed hash over that."""
    record.object_id = str(obj.pk)
    record.mac = content_mac(record)
    return record


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model,
    channel: str,
    details: dict[str, Any] | None = None,
) -> AuditRecord:
    """An audit record as ``record_audit`` appends it, with its keyed hash, not yet saved; of an
    ``obj`` whose key the database sets as it is written, without either until ``point_at``
    names the row written."""
    record = AuditRecord(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or SYSTEM,
        action=action,
        object_type=obj._meta.label_lower,
        object_id="" if obj.pk is None else str(obj.pk),
        channel=channel,
        details=canonical(details or {}),
    )
    record.mac = content_mac(record) if obj.pk is not None else ""
    return record


def _enqueue_seal() -> None:
    from qyzmet.audit.tasks import seal  # the tasks module imports the worker's schedule

    seal.enqueue()
