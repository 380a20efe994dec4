"""Attachments of a draft: the documents its services ask for (``attachments`` of a service),
uploaded as multipart form data, checked by content, scanned, kept encrypted."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Status, UploadedFile
from pydantic import Field

from qyzmet.api.applications import READ, WRITE
from qyzmet.api.callers import channel_of, citizen_of, made_through_caller
from qyzmet.api.schemas import StorableText
from qyzmet.applications.selectors import application_of
from qyzmet.attachments.content_types import EXTENSIONS, download_name, served_type
from qyzmet.attachments.models import Attachment
from qyzmet.attachments.selectors import attachments_of
from qyzmet.attachments.services import (
    attachment_kind,
    check_upload,
    open_own_attachment,
    remove_attachment,
    upload_attachment,
)
from qyzmet.callers.shapes import Shape

router = Router(tags=["attachments"])

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file as uploaded.",
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}}
                for t in EXTENSIONS  # the allow-list; any other type is sent as bytes
            },
        }
    }
}

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
UNSCANNED = {
    "responses": {
        503: {
            "description": "The malware scanner cannot answer now "
            "(`attachment.scanner_unavailable`): nothing was kept; send the file again later.",
            "content": PROBLEM,
        }
    }
}
SUBMITTED = {
    "responses": {409: {"description": "The application is no longer a draft.", "content": PROBLEM}}
}


class AttachmentOut(Shape):
    id: uuid.UUID
    service: str = Field(description="The service that asks for it.")
    kind: str = Field(description="Its id among the service's `attachments`.")
    content_type: str = Field(description="The type detected from the content.")
    size: int = Field(description="Bytes.")
    uploaded_at: datetime.datetime
    deleted: bool = Field(description="Its content was deleted when its retention term ended.")


def _out(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk, "service": attachment.service_slug, "kind": attachment.kind,
        "content_type": attachment.content_type, "size": attachment.size,
        "uploaded_at": attachment.uploaded_at, "deleted": attachment.deleted,
    }  # fmt: skip


def _own(request: HttpRequest, scope: str, application_id: str) -> tuple[Any, Any]:
    citizen = citizen_of(request, scope)
    return citizen, made_through_caller(request, application_of(citizen, application_id))


@router.post(
    "/applications/{application_id}/attachments",
    response={201: AttachmentOut},
    openapi_extra=UNSCANNED,
)
def upload(
    request: HttpRequest,
    application_id: str,
    service: Form[StorableText],
    kind: Form[StorableText],
    file: File[UploadedFile],
) -> Status:
    """Attach a file to a draft as its `kind` for `service` (replacing the one it had). The
    type is read from the content, never the name; the file is scanned for malware. Refused
    with 422 and a code: `attachment.file_too_large`, `attachment.wrong_type`,
    `attachment.malware`, `attachment.file_missing`, `attachment.unknown_kind`; 503
    `attachment.scanner_unavailable` when the scanner cannot answer (nothing is kept: try
    again later); 409 once the application is submitted, unless its case of `service` is sent
    back for correction naming this document: the new file then replaces the old one."""
    citizen, application = _own(request, WRITE, application_id)
    wanted = attachment_kind(application, service, kind)
    check_upload(kind=wanted, size=file.size or 0)  # before it is read
    attachment = upload_attachment(
        citizen=citizen, application=application, service=service, kind=kind,
        filename=file.name or "", content=file.read(), channel=channel_of(request),
    )  # fmt: skip
    return Status(201, _out(attachment))


@router.get("/applications/{application_id}/attachments", response=list[AttachmentOut])
def list_attachments(request: HttpRequest, application_id: str) -> list[dict[str, Any]]:
    """The files attached to the citizen's application."""
    _, application = _own(request, READ, application_id)
    return [_out(a) for a in attachments_of(application)]


@router.get(
    "/applications/{application_id}/attachments/{attachment_id}/content",
    response={200: None},
    openapi_extra=FILE_RESPONSE,
)
def download(request: HttpRequest, application_id: str, attachment_id: str) -> HttpResponse:
    """The file as uploaded (404 `attachment.deleted` once its retention term has ended)."""
    _, application = _own(request, READ, application_id)
    attachment = open_own_attachment(application=application, attachment_id=attachment_id)
    response = HttpResponse(
        bytes(attachment.content or b""), content_type=served_type(attachment.content_type)
    )
    name = download_name(attachment.kind, attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.delete(
    "/applications/{application_id}/attachments/{attachment_id}",
    response={204: None},
    openapi_extra=SUBMITTED,
)
def remove(request: HttpRequest, application_id: str, attachment_id: str) -> Status:
    """Take a file off a draft."""
    citizen, application = _own(request, WRITE, application_id)
    remove_attachment(citizen=citizen, application=application, attachment_id=attachment_id,
                      channel=channel_of(request))  # fmt: skip
    return Status(204, None)
