"""The correction page: what the agency asked to change and why, those fields to change (the
rest shown as kept), the documents to upload anew, and resubmitting."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qyzmet.applications.correction_models import Correction
from qyzmet.applications.corrections import open_correction, resubmit_correction
from qyzmet.applications.models import Case
from qyzmet.applications.selectors import application_of
from qyzmet.attachments.content_types import type_names
from qyzmet.attachments.selectors import attachments_of, kind_of
from qyzmet.attachments.services import check_upload, upload_attachment
from qyzmet.core.errors import Conflict, DomainError, Invalid, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import pick
from qyzmet.portal.forms import field_views, parse_values, service_error_messages
from qyzmet.portal.views.citizen import citizen_required, pending_post

CHANNEL = "portal"


def _own_case(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    try:
        application = application_of(request.user, application_id)
    except NotFound:
        raise Http404 from None
    case = next((c for c in application.cases.all() if c.pk == case_id), None)
    if case is None:
        raise Http404
    return case


def _page(
    request: HttpRequest,
    case: Case,
    correction: Correction,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    named = set(correction.field_names)
    views = field_views(case.service, values, errors)
    to_change = [view for view in views if view.name.split("__", 1)[1] in named]
    kept = [
        view for view in field_views(case.service, case.data, {})
        if view.name.split("__", 1)[1] not in named
    ]  # fmt: skip
    documents = _document_rows(case, correction, errors)
    summary = [(view.html_id, view.label, view.error) for view in to_change if view.error]
    summary += [(row["html_id"], row["label"], row["error"]) for row in documents if row["error"]]
    summary += [
        ("", "", message) for path, message in errors.items()
        if not _shown(path, views) and path not in {row["path"] for row in documents}
    ]  # fmt: skip
    context = {
        "application": case.application,
        "case": case,
        "correction": correction,
        "to_change": to_change,
        "documents": documents,
        "kept": kept,
        "errors": summary,
    }
    return render(request, "portal/applications/correction.html", context, status=status)


def _document_rows(
    case: Case, correction: Correction, errors: dict[str, str]
) -> list[dict[str, Any]]:
    """A file field for each document the send-back names, with the file attached now and
    whether it was replaced since the send-back."""
    slug = case.service.slug
    held = {a.kind: a for a in attachments_of(case.application, service=slug)}
    rows = []
    for name in correction.document_names:
        kind = kind_of(case.service, name)
        if kind is None:
            continue
        path = f"attachments.{slug}.{name}"
        attached = held.get(name)
        rows.append({
            "name": f"file__{slug}__{name}", "html_id": f"file-{slug}-{name}".replace("_", "-"),
            "path": path, "label": pick(kind["label"]),
            "help": pick(kind["help"]) if kind.get("help") else "",
            "types": type_names(kind["types"]), "accept": ",".join(kind["types"]),
            "max_mb": kind["max_mb"], "held": attached,
            "replaced": attached is not None and attached.uploaded_at >= correction.sent_at,
            "error": errors.get(path, ""),
        })  # fmt: skip
    return rows


def _uploads(request: HttpRequest, case: Case, correction: Correction) -> dict[str, str]:
    """Take each new file of a document named; the error of each one refused, by its path."""
    errors: dict[str, str] = {}
    slug = case.service.slug
    for name in correction.document_names:
        upload = request.FILES.get(f"file__{slug}__{name}")
        kind = kind_of(case.service, name)
        if upload is None or kind is None:
            continue
        try:
            check_upload(kind=kind, size=upload.size or 0)  # before reading it
            upload_attachment(
                citizen=request.user, application=case.application, service=slug, kind=name,
                filename=upload.name or "", content=upload.read(), channel=CHANNEL,
            )  # fmt: skip
        except DomainError as refused:
            errors[f"attachments.{slug}.{name}"] = render_message(refused.code, refused.params)
    return errors


def _shown(path: str, views: list[Any]) -> bool:
    return any(path == f"data.{view.service}.{view.name.split('__', 1)[1]}" for view in views)


@citizen_required
def correct(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    case = _own_case(request, application_id, case_id)
    correction = open_correction(case)
    if correction is None:
        return redirect("portal:application", application_id)
    post = request.POST if request.method == "POST" else pending_post(request)
    if post is None:
        return _page(request, case, correction, dict(case.data), {})
    posted = parse_values(case.service, post)
    data = {name: posted.get(name) for name in correction.field_names}
    values = {**case.data, **data}
    refused = _uploads(request, case, correction) if request.method == "POST" else {}
    if refused:
        return _page(request, case, correction, values, refused, status=400)
    try:
        resubmit_correction(case=case, citizen=request.user, data=data, channel=CHANNEL)
    except Invalid as invalid:
        services = [case.service]
        errors = service_error_messages(services, {case.service.slug: values}, invalid.problems)
        errors |= {
            p.field: render_message(p.code, p.params)
            for p in invalid.problems if p.field.startswith("attachments.")
        }  # fmt: skip
        return _page(request, case, correction, values, errors, status=400)
    except Conflict as conflict:
        messages.error(request, render_message(conflict.code))
        return redirect("portal:application", application_id)
    messages.success(request, _("Your correction is sent. The agency will decide on it."))
    return redirect("portal:application", application_id)
