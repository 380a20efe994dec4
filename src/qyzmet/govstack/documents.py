"""Documents: a citizen uploads a document a service asks for (its catalogue's
``attachments``) before submitting the application that names it in ``documentUrls``, as the
specification's flow goes. The file is checked by its content, scanned and kept encrypted by
the attachments domain (``attachments.services.hold_document``), exactly as on the portal."""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from ninja import Field as NinjaField
from ninja import Query, Router

from qyzmet.attachments.services import hold_document
from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Invalid
from qyzmet.govstack.auth import WRITE, channel_for, citizen_required
from qyzmet.govstack.client import ClientHeader, channel_of, parse_client
from qyzmet.govstack.errors import GovStackError, text

router = Router(tags=["Applicant", "Operator"])


class DocumentQuery(Shape):
    additionalMetadata: str | None = NinjaField(
        None,
        max_length=200,
        description="What the document is: SERVICE/KIND, a service id and the id of one of "
        "its attachments (e.g. driving-licence/medical-certificate).",
    )


class Refused(Exception):
    """The upload failed: 400 (the specification's "file upload failed"), with its fields."""

    def __init__(self, error: Invalid) -> None:
        super().__init__(error.code)
        self.error = error


def _what(metadata: str | None) -> tuple[str, str]:
    service, _, kind = (metadata or "").partition("/")
    if not service or not kind:
        raise GovStackError(400, "govstack.document_metadata")
    return service, kind


def _file(request: HttpRequest) -> tuple[str, bytes]:
    """The one file sent as ``file``: a file part, or (as the specification types it) the
    file's content in base64."""
    parts = request.FILES.getlist("file")
    texts = request.POST.getlist("file")
    if len(parts) + len(texts) != 1:
        raise GovStackError(400, "govstack.document_one_file")
    if parts:
        return parts[0].name or "", parts[0].read()
    try:
        return "", base64.b64decode(texts[0], validate=True)
    except (binascii.Error, ValueError):
        raise GovStackError(400, "govstack.document_not_base64") from None


@contextlib.contextmanager
def as_upload_failed() -> Iterator[None]:
    """A file refused (size, type, malware) or a kind unknown is the specification's 400."""
    try:
        yield
    except Invalid as error:
        raise GovStackError(400, error.code, error.params, error.problems) from None


@router.post("/documents")
def upload_document(
    request: HttpRequest, query: Query[DocumentQuery], client: str | None = ClientHeader
) -> dict[str, Any]:
    """Upload a document for the application the citizen is about to submit: ``file`` (one,
    a file part or base64) and ``additionalMetadata`` ``SERVICE/KIND``. The answer's ``url``
    is the document's id, to name in ``documentUrls`` when submitting; a document never named
    is deleted after ``QYZMET_ATTACHMENT_HELD_HOURS``."""
    channel = channel_for(request, channel_of(parse_client(client, required=False)))
    citizen = citizen_required(request, WRITE)
    service, kind = _what(query.additionalMetadata)
    filename, content = _file(request)
    with as_upload_failed():
        document = hold_document(
            citizen=citizen, service=service, kind=kind, filename=filename, content=content,
            channel=channel,
        )  # fmt: skip
    return {
        "code": 200,
        "type": document.content_type,
        "message": text("govstack.document_held"),
        "url": str(document.pk),
    }
