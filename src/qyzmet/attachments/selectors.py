"""Reads of attachments: what a service asks for, what an application holds, what is missing.

``applications`` asks ``missing_attachments`` before a submission (decision 52), so this module
imports nothing of ``applications`` but its value type ``FieldProblem``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qyzmet.applications.validation import FieldProblem
from qyzmet.attachments.models import Attachment
from qyzmet.core.texts import Text


def kind_of(service: Any, kind: str) -> dict[str, Any] | None:
    """The catalogue's entry for ``kind`` among ``service``'s (a ServiceVersion) attachments."""
    return next((k for k in service.attachments if k["id"] == kind), None)


def label_of(service: Any, kind: str) -> Text:
    found = kind_of(service, kind)
    return found["label"] if found else {"kk": kind, "ru": kind, "en": kind}


def attachments_of(application: Any, *, service: str | None = None) -> QuerySet[Attachment]:
    """The application's attachments (of one service), oldest first, content not loaded."""
    rows = Attachment.objects.filter(application=application).defer("content")
    return rows.filter(service_slug=service) if service else rows


def missing_attachments(application: Any, service: Any, *, documents: Any = ()) -> list[Any]:
    """A problem for each attachment ``service`` requires that ``application`` lacks, counting
    the held ``documents`` about to be bound to it (no query for a service that requires none:
    most do not; nor for an application not saved yet, which has none)."""
    required = [kind for kind in service.attachments if kind.get("required")]
    if not required:
        return []
    held = {d.kind for d in documents if d.service_slug == service.slug}
    if not application._state.adding:
        rows = attachments_of(application, service=service.slug)
        held |= set(rows.values_list("kind", flat=True))
    return [
        FieldProblem(
            f"attachments.{service.slug}.{kind['id']}",
            "attachment.required",
            {"label": kind["label"]},
        )
        for kind in required
        if kind["id"] not in held
    ]
