"""Writing audit records: every change of state calls ``record_audit`` exactly once."""

from __future__ import annotations

from typing import Any

from django.db import models

from qyzmet.audit.models import AuditRecord

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
    label = getattr(actor, "username", None) or SYSTEM
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        channel=channel,
        details=details or {},
    )
