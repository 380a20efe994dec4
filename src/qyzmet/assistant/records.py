"""Writing the assistant's records and keeping them only as long as allowed: every answer
(``record_answer``), the application a citizen then started (``record_applied``), and the
daily purge (``purge_records``)."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qyzmet.assistant.models import Record, RecordKind
from qyzmet.assistant.privacy import conversation_digest, redact, text_digest

LINK_WITHIN = datetime.timedelta(hours=2)  # an application this soon after an answer used it


def record_answer(
    *,
    kind: str,
    text: str,
    channel: str,
    backend: str,
    backend_version: str,
    output: Any,
    started: float,
    conversation: str = "",
    vocabulary: dict[str, frozenset[str]] | None = None,
    **fields: Any,
) -> Record:
    """Record one answer of the assistant: ``text`` only redacted and as a keyed hash;
    ``started`` is the ``time.perf_counter()`` when the work began."""
    known = frozenset().union(*(vocabulary or {}).values())
    return Record.objects.create(
        kind=kind,
        channel=channel[:64],
        conversation=conversation_digest(conversation),
        text_digest=text_digest(text) if text else "",
        redacted_text=redact(text[:2000], vocabulary=known),
        backend=backend,
        backend_version=backend_version[:200],
        output=output,
        latency_ms=round((time.perf_counter() - started) * 1000),
        **fields,
    )


def record_applied(*, conversation: str, application: Any) -> Record | None:
    """Link the latest answer given in ``conversation`` (within ``LINK_WITHIN``, not linked
    yet) to ``application``, which the citizen started from it: what was applied for and
    where it stood among the suggestions. None when there is no such answer."""
    if not conversation:
        return None
    kind, slug = _applied_for(application)
    since = timezone.now() - LINK_WITHIN
    with transaction.atomic():
        record = (
            Record.objects.select_for_update()
            .filter(
                kind=RecordKind.ROUTING,
                conversation=conversation_digest(conversation),
                created_at__gte=since,
                application_id__isnull=True,
            )
            .order_by("-created_at")
            .first()
        )
        if record is None:
            return None
        ids = [(s.get("kind"), s.get("id")) for s in record.output]
        record.application_id = application.pk
        record.applied_kind, record.applied_id = kind, slug
        record.applied_rank = ids.index((kind, slug)) + 1 if (kind, slug) in ids else 0
        record.applied_at = timezone.now()
        record.save(update_fields=["application_id", "applied_kind", "applied_id",
                                   "applied_rank", "applied_at"])  # fmt: skip
    return record


def _applied_for(application: Any) -> tuple[str, str]:
    if application.life_situation_id:
        return "life_situation", application.life_situation.slug
    return "service", application.service.slug


def purge_records(*, now: datetime.datetime | None = None) -> int:
    """Delete records older than ``QYZMET_ASSISTANT_RETENTION_DAYS``; how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ASSISTANT_RETENTION_DAYS)
    deleted, _ = Record.objects.filter(created_at__lt=cutoff).delete()
    return deleted
