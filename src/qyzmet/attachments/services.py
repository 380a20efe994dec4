"""The write paths of attachments: a citizen uploads one (checked, scanned, kept encrypted) or
removes it from a draft; an officer opens one of their case (written to the citizen's data
tracker); the citizen opens their own."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db import transaction

from qyzmet.applications.corrections import requested_documents
from qyzmet.applications.decisions import ensure_same_agency
from qyzmet.applications.models import Application, ApplicationStatus, Case
from qyzmet.applications.services import applicable_services
from qyzmet.applications.validation import FieldProblem
from qyzmet.attachments.content_types import detected_type, type_names
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.scanners import Scanner, ScannerUnavailable, current_scanner
from qyzmet.attachments.selectors import kind_of
from qyzmet.audit.services import record_audit
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Conflict, Invalid, NotFound, Unavailable
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.models import DataAccess

logger = logging.getLogger(__name__)
MEGABYTE = 1024 * 1024
TRACKER_REGISTRY = "attachments"  # how an officer's opening is named in the data tracker
TRACKER_SYSTEM = "backoffice"


class AttachmentRefused(Invalid):
    """The file is not taken: ``code`` says why (size, type, malware), for the field ``file``."""

    def __init__(self, code: str, params: dict[str, Any]) -> None:
        super().__init__(code, [FieldProblem("file", code, params)])
        self.params = params


def _own_draft(citizen: Any, application: Application) -> None:
    if application.citizen_id != getattr(citizen, "pk", None):
        raise NotFound("not_found.application")
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict("application.not_draft")


def _may_upload(citizen: Any, application: Application, service: str, kind: str) -> None:
    """A draft takes any of its documents; a submitted application only one its case was sent
    back to have replaced or added (``corrections.send_back``)."""
    if application.citizen_id != getattr(citizen, "pk", None):
        raise NotFound("not_found.application")
    if application.status == ApplicationStatus.DRAFT:
        return
    if kind not in requested_documents(application, service):
        raise Conflict("application.not_draft")


def attachment_kind(application: Application, service: str, kind: str) -> dict[str, Any]:
    """The catalogue's entry for the attachment ``kind`` of ``service`` in ``application``."""
    version = next((s for s in applicable_services(application) if s.slug == service), None)
    found = kind_of(version, kind) if version is not None else None
    if found is None:
        raise Invalid("attachment.unknown_kind", [FieldProblem("kind", "attachment.unknown_kind")])
    return found


def check_upload(*, kind: dict[str, Any], size: int) -> None:
    """Refuse an empty file, or one larger than the catalogue allows, before it is read."""
    label = kind["label"]
    if size <= 0:
        raise AttachmentRefused("attachment.file_missing", {"label": label})
    if size > float(kind["max_mb"]) * MEGABYTE:
        raise AttachmentRefused("attachment.file_too_large", {"label": label,
                                                              "limit": kind["max_mb"]})  # fmt: skip


def _scan(scanner: Scanner, content: bytes, *, citizen: Any, application: Any,
          kind: dict[str, Any], channel: str) -> None:  # fmt: skip
    try:
        verdict = scanner.scan(content)
    except ScannerUnavailable as down:
        logger.warning("attachment scanner %s unavailable: %s", scanner.name, down)
        raise Unavailable("attachment.scanner_unavailable") from down
    if not verdict.clean:
        with transaction.atomic():
            record_audit(
                actor=citizen, action="attachment.malware_refused", obj=application,
                channel=channel, details={"kind": kind["id"], "found": verdict.found,
                                          "scanner": scanner.name, "size": len(content)},
            )  # fmt: skip
        raise AttachmentRefused("attachment.malware", {"label": kind["label"]})


def checked_content(*, wanted: dict[str, Any], content: bytes, citizen: Any, obj: Any,
                    channel: str, scanner: Scanner | None = None) -> tuple[str, str]:  # fmt: skip
    """The type detected in ``content`` and the scanner's name, once the file passed every
    check: not empty, not too large, no malware (refusal audited on ``obj``), a type the
    catalogue allows by its content. ``AttachmentRefused`` or ``Unavailable`` otherwise."""
    check_upload(kind=wanted, size=len(content))
    scanner = scanner or current_scanner()
    _scan(scanner, content, citizen=citizen, application=obj, kind=wanted, channel=channel)
    content_type = detected_type(content)
    if content_type not in wanted["types"]:
        names = type_names(wanted["types"])
        raise AttachmentRefused("attachment.wrong_type", {"label": wanted["label"], "types": names})
    return content_type, scanner.name


def upload_attachment(
    *,
    citizen: Any,
    application: Application,
    service: str,
    kind: str,
    filename: str,
    content: bytes,
    channel: str,
    scanner: Scanner | None = None,
) -> Attachment:
    """Keep ``content`` as the draft's attachment ``kind`` of ``service``, replacing the one
    it had (or, for a case sent back naming this document, the replacement the correction asks
    for). Refused (``AttachmentRefused``, nothing kept) when empty, too large, with malware
    (audited), or not of a type the catalogue allows by its content; ``Unavailable`` when the
    scanner cannot say (never kept unscanned)."""
    _may_upload(citizen, application, service, kind)
    wanted = attachment_kind(application, service, kind)
    content_type, scanned_by = checked_content(
        wanted=wanted, content=content, citizen=citizen, obj=application, channel=channel,
        scanner=scanner,
    )  # fmt: skip
    with transaction.atomic():
        replaced = list(
            Attachment.objects.select_for_update()
            .filter(application=application, service_slug=service, kind=kind)
            .values_list("pk", flat=True)
        )
        Attachment.objects.filter(pk__in=replaced).delete()
        attachment = Attachment.objects.create(
            application=application, uploaded_by=citizen, service_slug=service, kind=kind,
            filename=filename[:255] or kind, content_type=content_type, size=len(content),
            content=content, scanner=scanned_by, channel=channel,
        )  # fmt: skip
        record_audit(
            actor=citizen, action="attachment.uploaded", obj=attachment, channel=channel,
            details={"application": str(application.pk), "service": service, "kind": kind,
                     "content_type": content_type, "size": len(content),
                     "replaced": [str(pk) for pk in replaced]},
        )  # fmt: skip
    return attachment


def hold_document(
    *,
    citizen: Any,
    service: str,
    kind: str,
    filename: str,
    content: bytes,
    channel: str,
    scanner: Scanner | None = None,
) -> Attachment:
    """Keep ``content`` as a document held for an application the citizen has not made yet
    (GovStack's upload, then a submission naming it), as the attachment ``kind`` of the
    current version of ``service``: checked, scanned and encrypted as every attachment.
    Bound to the application that names it (``held.bind_documents``); one never named is
    deleted ``QYZMET_ATTACHMENT_HELD_HOURS`` after its upload."""
    version = service_version(service)
    wanted = kind_of(version, kind) if version is not None else None
    if wanted is None:
        raise Invalid("attachment.unknown_kind", [FieldProblem("kind", "attachment.unknown_kind")])
    content_type, scanned_by = checked_content(
        wanted=wanted, content=content, citizen=citizen, obj=citizen, channel=channel,
        scanner=scanner,
    )  # fmt: skip
    with transaction.atomic():
        attachment = Attachment.objects.create(
            application=None, uploaded_by=citizen, service_slug=service, kind=kind,
            filename=filename[:255] or kind, content_type=content_type, size=len(content),
            content=content, scanner=scanned_by, channel=channel,
        )  # fmt: skip
        record_audit(
            actor=citizen, action="attachment.held", obj=attachment, channel=channel,
            details={"service": service, "kind": kind, "content_type": content_type,
                     "size": len(content)},
        )  # fmt: skip
    return attachment


def remove_attachment(*, citizen: Any, application: Application, attachment_id: Any,
                      channel: str) -> None:  # fmt: skip
    """Take an attachment off a draft (its content goes with it)."""
    _own_draft(citizen, application)
    attachment = _find(Attachment.objects.filter(application=application), attachment_id)
    with transaction.atomic():
        details = {"application": str(application.pk), "kind": attachment.kind}
        record_audit(actor=citizen, action="attachment.removed", obj=attachment, channel=channel,
                     details=details)  # fmt: skip
        attachment.delete()


def _find(rows: Any, attachment_id: Any) -> Attachment:
    try:
        pk = uuid.UUID(str(attachment_id))
    except ValueError:
        raise NotFound("not_found.attachment") from None
    found: Attachment | None = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound("not_found.attachment")
    return found


def _readable(attachment: Attachment) -> Attachment:
    if attachment.deleted or attachment.content is None:
        raise NotFound("attachment.deleted")
    return attachment


def open_attachment(*, officer: Any, case: Case, attachment_id: Any, channel: str) -> Attachment:
    """The attachment of ``case`` (of its application, for its service) for the officer of its
    agency (``case`` as ``case_for_officer`` gave it). The opening is audited and written to the
    citizen's data tracker as an access by the agency's back office."""
    ensure_same_agency(case=case, officer=officer, channel=channel)
    rows = Attachment.objects.filter(application_id=case.application_id,
                                     service_slug=case.service.slug)  # fmt: skip
    attachment = _readable(_find(rows, attachment_id))
    record_opening(officer=officer, agency=case.agency, case=case, obj=attachment,
                   kind=attachment.kind, channel=channel)  # fmt: skip
    return attachment


def record_opening(*, officer: Any, agency: Any, case: Case, obj: Any, kind: str,
                   channel: str, details: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Audit an officer's opening of a file a citizen attached (``obj``, of ``case``) and write
    it to the citizen's data tracker as an access by ``agency``'s back office (``kind``: what
    was opened, ``attachments.KIND``). An application's attachment and an appeal's alike."""
    with transaction.atomic():
        access = DataAccess.objects.create(
            message_id=uuid.uuid4().hex, client_agency=agency.slug,
            client_system=TRACKER_SYSTEM, subject=subject_digest(case.application.subject_iin),
            registry=TRACKER_REGISTRY, provider_agency=case.agency.slug,
            fields=[f"{TRACKER_REGISTRY}.{kind}"],
            purpose_kind=DataAccess.PurposeKind.CASE, purpose_ref=str(case.pk),
            outcome=DataAccess.Outcome.GRANTED,
        )  # fmt: skip
        audit = record_audit(
            actor=officer, action="attachment.opened", obj=obj, channel=channel,
            details={"case": str(case.pk), "kind": kind, "access": access.message_id,
                     **(details or {})},
        )  # fmt: skip
        access.audit_record = audit.pk
        access.save(update_fields=["audit_record"])


def open_own_attachment(*, application: Application, attachment_id: Any) -> Attachment:
    """The attachment of an application the caller may read (the edge checked that)."""
    return _readable(_find(Attachment.objects.filter(application=application), attachment_id))
