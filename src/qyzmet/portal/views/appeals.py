"""Appealing a decision, or complaining about a delay: the form with the citizen's reasons and
documents, what the application page shows of a case's appeals, and the documents attached
to them, downloaded back."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qyzmet.applications.models import Case
from qyzmet.applications.selectors import application_of, application_seen_by
from qyzmet.attachments.content_types import TYPE_NAMES, download_headers, served_type
from qyzmet.casework.appeal_attachments import (
    MEGABYTE,
    attachments_of_appeal,
    download_name,
    download_own_appeal_document,
)
from qyzmet.casework.appeal_selectors import appeals_of_case
from qyzmet.casework.appeals import (
    TEXT_MAX_LENGTH,
    appeal_last_day,
    appeal_offered,
    appeals_body,
    file_appeal,
)
from qyzmet.core.errors import Conflict, Invalid, NotFound, Unavailable
from qyzmet.core.messages import render as render_message
from qyzmet.portal.representation import company_bins
from qyzmet.portal.views.attachments import FORM_OVERHEAD
from qyzmet.portal.views.citizen import citizen_required, pending_post

CHANNEL = "portal"


def with_appeals(cases: list[Case]) -> None:
    """Give each case its appeals (``case.appeals_shown``, each with its documents and their
    types as people name them, ``appeal.documents_shown``), what may be filed today
    (``case.appeal_offer``: decision, delay or None) and the last day to appeal."""
    for case in cases:
        case.appeals_shown = appeals_of_case(case)  # type: ignore[attr-defined]
        for appeal in case.appeals_shown:  # type: ignore[attr-defined]
            appeal.documents_shown = [
                (document, TYPE_NAMES.get(document.content_type, document.content_type))
                for document in attachments_of_appeal(appeal)
            ]
        case.appeal_offer = appeal_offered(case)  # type: ignore[attr-defined]
        case.appeal_last_day = appeal_last_day(case)  # type: ignore[attr-defined]


def _own_case(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    try:
        application = application_of(request.user, application_id)
    except NotFound:
        raise Http404 from None
    case = next((c for c in application.cases.all() if c.pk == case_id), None)
    if case is None:
        raise Http404
    return case


def _files(request: HttpRequest) -> list[tuple[str, bytes]]:
    """The documents chosen (none when the form came back after a new sign-in)."""
    if request.method != "POST":
        return []
    return [(f.name or "", f.read()) for f in request.FILES.getlist("files")]


def _too_large(request: HttpRequest) -> bool:
    """A body larger than the documents' limit together: refused unread (as the documents
    step of an application, ``portal.views.attachments``)."""
    if request.method != "POST":
        return False
    declared = request.META.get("CONTENT_LENGTH") or "0"
    largest = settings.APPEAL_ATTACHMENTS_MAX_MB * MEGABYTE + FORM_OVERHEAD
    return not declared.isdigit() or int(declared) > largest


@citizen_required
def appeal(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    case = _own_case(request, application_id, case_id)
    kind = appeal_offered(case)
    if kind is None:
        return redirect("portal:application", application_id)
    post = request.POST if request.method == "POST" else pending_post(request)
    reasons = ""
    errors: dict[str, str] = {}
    if post is not None and _too_large(request):  # the files not taken, the reasons kept
        reasons, errors = post.get("reasons", ""), _limit_error()
    elif post is not None:
        reasons = post.get("reasons", "")
        try:
            file_appeal(case=case, citizen=request.user, reasons=reasons, channel=CHANNEL,
                        attachments=_files(request))  # fmt: skip
        except Invalid as invalid:
            errors = _errors(invalid)
        except Unavailable as unavailable:  # the scanner cannot say: nothing is filed
            errors = {"files": render_message(unavailable.code)}
        except Conflict as conflict:  # a form sent twice: the first filed it
            messages.error(request, render_message(conflict.code, conflict.params))
            return redirect("portal:application", application_id)
        else:
            messages.success(request, _("Your appeal is sent. We will tell you of the outcome."))
            return redirect("portal:application", application_id)
    context = {
        "application": case.application,
        "case": case,
        "kind": kind,
        "body": appeals_body(case),
        "last_day": appeal_last_day(case),
        "decision_days": case.service.appeal["decision_days"],
        "reasons": reasons,
        "errors": errors,
        "limit": TEXT_MAX_LENGTH,
        "max_files": settings.APPEAL_ATTACHMENTS_MAX,
        "max_mb": settings.APPEAL_ATTACHMENTS_MAX_MB,
    }
    return render(request, "portal/appeals/form.html", context, status=400 if errors else 200)


def _errors(invalid: Invalid) -> dict[str, Any]:
    """Each problem by the form's field: the reasons, or the documents (a file refused)."""
    return {
        "reasons" if p.field == "reasons" else "files": render_message(p.code, p.params)
        for p in invalid.problems
    }


def _limit_error() -> dict[str, str]:
    limit = settings.APPEAL_ATTACHMENTS_MAX_MB
    return {"files": render_message("appeal.attachments_too_large", {"limit": limit})}


@citizen_required
def document(
    request: HttpRequest,
    application_id: uuid.UUID,
    case_id: uuid.UUID,
    appeal_id: int,
    attachment_id: uuid.UUID,
) -> HttpResponse:
    """A document attached to an appeal, downloaded back by whoever follows the application
    (as its page shows the appeal); a page saying so once its retention term has ended."""
    try:
        application = application_seen_by(
            request.user, application_id, companies=company_bins(request)
        )
        case = next((c for c in application.cases.all() if c.pk == case_id), None)
        if case is None:
            raise Http404
        appeal, found = download_own_appeal_document(
            case=case, appeal_id=appeal_id, attachment_id=attachment_id, person=request.user,
            channel=CHANNEL,
        )  # fmt: skip
    except NotFound as missing:
        if missing.code != "attachment.deleted":
            raise Http404 from None
        context = {"application": application, "message": render_message(missing.code),
                   "keep_days": settings.ATTACHMENT_KEEP_DAYS}  # fmt: skip
        return render(request, "portal/appeals/document_deleted.html", context, status=404)
    return HttpResponse(
        bytes(found.content or b""), content_type=served_type(found.content_type),
        headers=download_headers(download_name(appeal, found)),
    )  # fmt: skip
