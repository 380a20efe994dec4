"""Documents attached to an appeal: the citizen adds them as they file it (or later, while it is
open), each checked as an application's attachment is (``attachments.services.
checked_content``: not empty, within the limit, scanned for malware, PDF/JPEG/PNG by its
content) and kept encrypted; only the officers who decide the appeal open one, and each
opening is written to the citizen's data tracker; the citizen (and whoever follows the
application with them) downloads their own back. The content goes
``QYZMET_ATTACHMENT_KEEP_DAYS`` after the appeal is decided or closed."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qyzmet.attachments.content_types import EXTENSIONS
from qyzmet.attachments.retention import erase_content
from qyzmet.attachments.scanners import Scanner
from qyzmet.attachments.services import AttachmentRefused, checked_content, record_opening
from qyzmet.audit.services import record_audit
from qyzmet.casework.appeal_models import Appeal, AppealAttachment, AppealOutcome
from qyzmet.casework.appeal_selectors import DOCUMENTS
from qyzmet.core.errors import Conflict, NotFound

KIND = "appeal"  # what the data tracker names an opening: ``attachments.appeal``
LABEL = {"kk": "Шағымға қоса берілген құжат", "ru": "Документ к жалобе",
         "en": "Document for the appeal"}  # fmt: skip
TYPES = ["application/pdf", "image/jpeg", "image/png"]
MEGABYTE = 1024 * 1024
RETENTION_CHANNEL = "retention"


@dataclass(frozen=True)
class CheckedDocument:
    """A file that passed every check, not yet kept."""

    filename: str
    content: bytes
    content_type: str
    scanner: str


def document_rule() -> dict[str, Any]:
    """What an appeal's document may be, as a catalogue's attachment entry says it."""
    return {"id": KIND, "label": LABEL, "types": TYPES,
            "max_mb": settings.APPEAL_ATTACHMENTS_MAX_MB}  # fmt: skip


def check_documents(
    *,
    files: Sequence[tuple[str, bytes]],
    citizen: Any,
    obj: Any,
    channel: str,
    held: Sequence[AppealAttachment] = (),
    scanner: Scanner | None = None,
) -> list[CheckedDocument]:
    """Each of ``files`` (name, content) checked, scanned and typed, with those the appeal
    ``held`` already: at most ``QYZMET_APPEAL_ATTACHMENTS_MAX`` files, together at most
    ``QYZMET_APPEAL_ATTACHMENTS_MAX_MB``. ``AttachmentRefused`` (field ``files``) or
    ``Unavailable`` (the scanner cannot say) otherwise: then none is kept."""
    rule = document_rule()
    check_limits(adding=[len(content) for _, content in files], held=held)
    checked = []
    for filename, content in files:
        content_type, scanned_by = checked_content(
            wanted=rule, content=content, citizen=citizen, obj=obj, channel=channel,
            scanner=scanner,
        )  # fmt: skip
        checked.append(CheckedDocument(filename[:255] or KIND, content, content_type, scanned_by))
    return checked


def check_limits(*, adding: Sequence[int], held: Sequence[AppealAttachment]) -> None:
    """Refuse documents of sizes ``adding`` past the appeal's limits, with those it ``held``: at
    most ``QYZMET_APPEAL_ATTACHMENTS_MAX`` files, ``QYZMET_APPEAL_ATTACHMENTS_MAX_MB`` together."""
    limit = settings.APPEAL_ATTACHMENTS_MAX
    if len(adding) + len(held) > limit:
        raise AttachmentRefused("attachment.too_many", {"label": LABEL, "limit": limit})
    if sum(adding) + sum(a.size for a in held) > settings.APPEAL_ATTACHMENTS_MAX_MB * MEGABYTE:
        raise AttachmentRefused(
            "appeal.attachments_too_large", {"limit": settings.APPEAL_ATTACHMENTS_MAX_MB}
        )


def keep_documents(
    *, appeal: Appeal, documents: Sequence[CheckedDocument], citizen: Any, channel: str
) -> list[AppealAttachment]:
    """Keep the checked ``documents`` as the appeal's (in the caller's transaction), audited."""
    kept = []
    for document in documents:
        attachment = AppealAttachment.objects.create(
            appeal=appeal, filename=document.filename, content_type=document.content_type,
            size=len(document.content), content=document.content, scanner=document.scanner,
            channel=channel,
        )  # fmt: skip
        record_audit(
            actor=citizen, action="appeal.attachment_added", obj=attachment, channel=channel,
            details={"appeal": appeal.pk, "case": str(appeal.case_id),
                     "content_type": document.content_type, "size": len(document.content)},
        )  # fmt: skip
        kept.append(attachment)
    return kept


def attach_to_appeal(
    *,
    appeal_id: Any,
    case: Any,
    citizen: Any,
    filename: str,
    content: bytes,
    channel: str,
    scanner: Scanner | None = None,
) -> AppealAttachment:
    """Add a document to the citizen's open appeal ``appeal_id`` of ``case``: ``NotFound``
    for another's or unknown appeal; ``Conflict`` once it is decided or closed; refused as
    ``check_documents`` says (the limits count the documents it has)."""
    appeal = _appeal_of_case(case, appeal_id, citizen)
    if appeal.outcome != AppealOutcome.OPEN:
        raise Conflict("appeal.already_decided")
    held = list(appeal.attachments.defer("content"))
    documents = check_documents(files=[(filename, content)], citizen=citizen, obj=case,
                                channel=channel, held=held, scanner=scanner)  # fmt: skip
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.outcome != AppealOutcome.OPEN:
            raise Conflict("appeal.already_decided")
        # counted again under the appeal's lock: uploads sent at once pass the first count
        check_limits(adding=[len(content)], held=list(locked.attachments.only("size")))
        return keep_documents(appeal=locked, documents=documents, citizen=citizen,
                              channel=channel)[0]  # fmt: skip


def _appeal_of_case(case: Any, appeal_id: Any, citizen: Any) -> Appeal:
    if not (str(appeal_id).isdigit() and len(str(appeal_id)) <= 18):
        raise NotFound("not_found.appeal")
    found: Appeal | None = case.appeals.filter(pk=appeal_id).first()
    if found is None or found.citizen_id != getattr(citizen, "pk", None):
        raise NotFound("not_found.appeal")
    return found


def attachments_of_appeal(appeal: Appeal) -> list[AppealAttachment]:
    """The appeal's documents, oldest first, content not loaded: those ``appeal_selectors.
    with_documents`` fetched with it, or else in a query of their own."""
    fetched = getattr(appeal, DOCUMENTS, None)
    if fetched is not None:
        return list(fetched)
    return list(appeal.attachments.defer("content"))


def _document_of(appeal: Appeal, attachment_id: Any) -> AppealAttachment:
    """The document ``attachment_id`` of ``appeal`` with its content: ``NotFound`` for another
    appeal's or an unknown one (``not_found.attachment``), or once its content was deleted
    (``attachment.deleted``)."""
    try:
        pk = uuid.UUID(str(attachment_id))
    except ValueError:
        raise NotFound("not_found.attachment") from None
    found: AppealAttachment | None = AppealAttachment.objects.filter(appeal=appeal, pk=pk).first()
    if found is None:
        raise NotFound("not_found.attachment")
    if found.deleted or found.content is None:
        raise NotFound("attachment.deleted")
    return found


def download_own_appeal_document(
    *, case: Any, appeal_id: Any, attachment_id: Any, person: Any, channel: str
) -> tuple[Appeal, AppealAttachment]:
    """A document of the appeal ``appeal_id`` of ``case`` for ``person``, who reads the case's
    appeals: the edge found ``case`` among the applications they follow (``applications.
    selectors.application_seen_by``: their own, one made in their name under a mandate, a
    company's they act for), as every read of the case's appeals does. ``NotFound`` for an
    appeal of another case, an unknown document, or one whose content was deleted
    (``attachment.deleted``). Audited (``appeal.attachment_downloaded``, naming who
    downloaded it), as an officer's opening is; not written to the data tracker, which lists
    the state's reads of the citizen's data, not their own."""
    if not (str(appeal_id).isdigit() and len(str(appeal_id)) <= 18):
        raise NotFound("not_found.appeal")
    appeal: Appeal | None = case.appeals.filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound("not_found.appeal")
    found = _document_of(appeal, attachment_id)
    record_audit(actor=person, action="appeal.attachment_downloaded", obj=found, channel=channel,
                 details={"appeal": appeal.pk, "case": str(case.pk),
                          "own": getattr(person, "pk", None) == appeal.citizen_id})  # fmt: skip
    return appeal, found


def download_name(appeal: Appeal, attachment: AppealAttachment) -> str:
    """The name an appeal's document is saved under: the appeal's number and the type's
    extension, never the citizen's file name (it may say anything)."""
    return f"appeal-{appeal.pk}.{EXTENSIONS.get(attachment.content_type, 'bin')}"


def open_appeal_attachment(
    *, appeal: Appeal, officer: Any, attachment_id: Any, channel: str
) -> AppealAttachment:
    """A document of ``appeal`` for an officer who decides it (``appeal`` as
    ``appeals.appeal_of`` gave it: the officer's body and role checked, refusals audited). The
    opening is audited and written to the citizen's data tracker as an access by the appeals
    body's back office. ``NotFound`` for another appeal's document, or once its content was
    deleted (``attachment.deleted``)."""
    found = _document_of(appeal, attachment_id)
    record_opening(officer=officer, agency=appeal.body, case=appeal.case, obj=found, kind=KIND,
                   channel=channel, details={"appeal": appeal.pk})  # fmt: skip
    return found


def delete_expired_appeal_attachments(*, now: datetime.datetime | None = None) -> int:
    """Delete the content (and file name) of every appeal's document whose appeal was decided
    or closed more than ``QYZMET_ATTACHMENT_KEEP_DAYS`` ago; how many. The row stays (what
    was attached, when, its type and size) for the appeal's record."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ATTACHMENT_KEEP_DAYS)
    expired = AppealAttachment.objects.filter(
        deleted_at__isnull=True, appeal__decided_at__lt=cutoff
    ).exclude(appeal__outcome=AppealOutcome.OPEN)
    deleted = 0
    for attachment in expired.defer("content").iterator(chunk_size=200):
        with transaction.atomic():
            if not erase_content(AppealAttachment, attachment.pk, now=now):
                continue  # another run of the job erased it meanwhile, and audited it
            record_audit(actor=None, action="attachment.deleted", obj=attachment,
                         channel=RETENTION_CHANNEL,
                         details={"appeal": attachment.appeal_id,
                                  "keep_days": settings.ATTACHMENT_KEEP_DAYS})  # fmt: skip
        deleted += 1
    return deleted
