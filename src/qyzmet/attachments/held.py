"""Documents held for an application not yet made: GovStack uploads a document first
(``POST /documents``) and names it when the application is submitted (``documentUrls``).

``applications`` asks ``held_documents`` (a read) before a submission and calls
``bind_documents`` in the submission's transaction, so this module imports nothing of
``applications`` but its value type ``FieldProblem`` (decision 52)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from qyzmet.applications.validation import FieldProblem
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.selectors import kind_of
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Invalid


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).rsplit("/", 1)[-1])
    except ValueError:
        return None


def held_documents(
    *, citizen: Any, documents: Sequence[str], services: Sequence[Any]
) -> list[Attachment]:
    """The citizen's held documents ``documents`` names (their ids), each an attachment of one
    of ``services`` (ServiceVersions); ``Invalid`` naming each one that is not (unknown,
    somebody else's, already bound, or of no service of the application), at ``documents.N``."""
    wanted = [_as_uuid(document) for document in documents]
    rows = Attachment.objects.filter(
        pk__in=[pk for pk in wanted if pk], application__isnull=True, uploaded_by=citizen,
        deleted_at__isnull=True,
    ).defer("content")  # fmt: skip
    found = {row.pk: row for row in rows}
    by_slug = {service.slug: service for service in services}
    problems, held, kinds = [], [], set()
    for index, pk in enumerate(wanted):
        row = found.get(pk) if pk else None
        service = by_slug.get(row.service_slug) if row else None
        if row is None or service is None or kind_of(service, row.kind) is None:
            problems.append(FieldProblem(f"documents.{index}", "attachment.unknown_document"))
        elif (row.service_slug, row.kind) in kinds:
            problems.append(FieldProblem(f"documents.{index}", "attachment.document_twice"))
        else:
            kinds.add((row.service_slug, row.kind))
            held.append(row)
    if problems:
        raise Invalid("invalid_application", problems)
    return held


def bind_documents(*, application: Any, documents: Sequence[Attachment], actor: Any,
                   channel: str) -> None:  # fmt: skip
    """Make ``documents`` (from ``held_documents``) the application's attachments, each
    replacing the one of its kind the application had (in the caller's transaction)."""
    for document in documents:
        replaced = list(
            Attachment.objects.filter(
                application=application, service_slug=document.service_slug, kind=document.kind
            ).values_list("pk", flat=True)
        )
        Attachment.objects.filter(pk__in=replaced).delete()
        bound = Attachment.objects.filter(pk=document.pk, application__isnull=True).update(
            application=application
        )
        if not bound:  # named by two submissions at once: the other one has it
            raise Invalid("invalid_application",
                          [FieldProblem("documents", "attachment.unknown_document")])  # fmt: skip
        record_audit(
            actor=actor, action="attachment.bound", obj=document, channel=channel,
            details={"application": str(application.pk), "service": document.service_slug,
                     "kind": document.kind, "replaced": [str(pk) for pk in replaced]},
        )  # fmt: skip
