"""The documents attached to a case: listed on its page, downloaded by an officer of its agency
(each download is audited and shown in the citizen's data tracker)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from qyzmet.applications.models import Case
from qyzmet.applications.selectors import case_for_officer
from qyzmet.attachments.content_types import download_name, served_type, type_names
from qyzmet.attachments.selectors import attachments_of
from qyzmet.attachments.services import open_attachment
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.core.errors import DomainError
from qyzmet.core.texts import pick


def attachment_rows(case: Case) -> list[dict[str, Any]]:
    """Each attachment the case's service asks for, with the file held (if any)."""
    held = {a.kind: a for a in attachments_of(case.application, service=case.service.slug)}
    return [
        {"label": pick(kind["label"]), "held": held.get(kind["id"]),
         "type": type_names([held[kind["id"]].content_type]) if kind["id"] in held else ""}
        for kind in case.service.attachments
    ]  # fmt: skip


@officer_required
@require_GET
def download(request: HttpRequest, case_id: uuid.UUID, attachment_id: uuid.UUID) -> HttpResponse:
    try:
        case = case_for_officer(request.user, case_id, channel=CHANNEL)
        attachment = open_attachment(officer=request.user, case=case,
                                     attachment_id=attachment_id, channel=CHANNEL)  # fmt: skip
    except DomainError as refused:
        return problem_page(request, refused)
    response = HttpResponse(
        bytes(attachment.content or b""), content_type=served_type(attachment.content_type)
    )
    name = download_name(attachment.kind, attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
