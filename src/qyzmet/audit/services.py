"""Writing audit records: every change of state calls ``record_audit`` exactly once.

A record is one INSERT in the transaction of the change, carrying the keyed hash of its
content (``keyed.py``): no lock, no read of the log, so business transactions on many app
servers never queue on the audit log. The sealer (``sealing.py``) numbers the committed
records and signs the tree heads, every minute from the workers and every
``QYZMET_AUDIT_SEAL_EVERY`` records.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from qyzmet.audit.keyed import canonical, content_mac
from qyzmet.audit.models import AuditRecord
from qyzmet.core.inserts import insert_rows

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
    insert_rows([record])
    if record.pk % settings.AUDIT_SEAL_EVERY == 0:
        transaction.on_commit(_enqueue_seal)
    return record


def record_audits(records: list[AuditRecord]) -> list[AuditRecord]:
    """Append several audit records (each made by ``audit_record``) in one INSERT; call it
    inside the transaction of the changes they record."""
    if not records:
        return records
    saved = insert_rows(records)
    if any(record.pk % settings.AUDIT_SEAL_EVERY == 0 for record in saved):
        transaction.on_commit(_enqueue_seal)
    return saved


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model,
    channel: str,
    details: dict[str, Any] | None = None,
) -> AuditRecord:
    """An audit record as ``record_audit`` appends it, with its keyed hash, not yet saved."""
    record = AuditRecord(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or SYSTEM,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        channel=channel,
        details=canonical(details or {}),
    )
    record.mac = content_mac(record)
    return record


def _enqueue_seal() -> None:
    from qyzmet.audit.tasks import seal  # the tasks module imports the worker's schedule

    seal.enqueue()
