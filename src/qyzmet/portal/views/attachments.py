"""The application's documents step: the files its services ask for (their ``attachments:``),
each uploaded, checked by content and scanned as it comes; a file refused says why on the page
and every other one is kept. The citizen downloads their own files from here too."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from qyzmet.applications.models import Application
from qyzmet.applications.selectors import application_seen_by
from qyzmet.applications.services import applicable_services
from qyzmet.attachments.content_types import download_name, served_type, type_names
from qyzmet.attachments.selectors import attachments_of, missing_attachments
from qyzmet.attachments.services import (
    check_upload,
    open_own_attachment,
    remove_attachment,
    upload_attachment,
)
from qyzmet.core.errors import DomainError, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import pick
from qyzmet.portal.representation import company_bins
from qyzmet.portal.views.citizen import citizen_required

CHANNEL = "portal"
MEGABYTE = 1024 * 1024
FORM_OVERHEAD = 64 * 1024  # the form's other fields and the multipart boundaries

Page = Callable[..., HttpResponse]


def has_attachments(application: Application) -> bool:
    return any(service.attachments for service in applicable_services(application))


def _input_name(service: str, kind: str) -> str:
    return f"file__{service}__{kind}"


def _rows(application: Application, errors: dict[str, str]) -> list[tuple[Any, list[dict]]]:
    held = {(a.service_slug, a.kind): a for a in attachments_of(application)}
    groups = []
    for service in applicable_services(application):
        rows = []
        for kind in service.attachments:
            name = _input_name(service.slug, kind["id"])
            rows.append({
                "name": name, "html_id": name.replace("_", "-"),
                "label": pick(kind["label"]),
                "help": pick(kind["help"]) if kind.get("help") else "",
                "required": bool(kind.get("required")), "types": type_names(kind["types"]),
                "accept": ",".join(kind["types"]), "max_mb": kind["max_mb"],
                "held": held.get((service.slug, kind["id"])), "error": errors.get(name, ""),
            })  # fmt: skip
        if rows:
            groups.append((service, rows))
    return groups


def attached_rows(application: Application, services: list[Any]) -> list[tuple[str, str, Any]]:
    """For the review: each document asked for, by service, with the file attached (or None)."""
    held = {(a.service_slug, a.kind): a for a in attachments_of(application)}
    return [
        (service.slug, pick(kind["label"]), held.get((service.slug, kind["id"])))
        for service in services
        for kind in service.attachments
    ]


def _uploads(request: HttpRequest, application: Application) -> dict[str, str]:
    """Take each file chosen; the error of each one refused, by its input's name."""
    errors: dict[str, str] = {}
    for service in applicable_services(application):
        for kind in service.attachments:
            name = _input_name(service.slug, kind["id"])
            upload = request.FILES.get(name)
            if upload is None:
                continue
            try:
                check_upload(kind=kind, size=upload.size or 0)  # before reading it
                upload_attachment(
                    citizen=request.user, application=application, service=service.slug,
                    kind=kind["id"], filename=upload.name or "", content=upload.read(),
                    channel=CHANNEL,
                )  # fmt: skip
            except DomainError as refused:
                errors[name] = render_message(refused.code, refused.params)
    return errors


def _largest_request(application: Application) -> int:
    kinds = [k for s in applicable_services(application) for k in s.attachments]
    return int(sum(float(k["max_mb"]) for k in kinds) * MEGABYTE) + FORM_OVERHEAD


def attachments_step(
    request: HttpRequest, application: Application, *, page: Page, next_step: Callable[[], Any]
) -> HttpResponse:
    """The documents step: GET shows it; POST takes the files chosen (``action=remove``: takes
    one off) and goes on when nothing was refused and nothing required is missing."""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit() or int(declared) > _largest_request(application):
            # files not taken (a body past QYZMET_MAX_REQUEST_MB is refused unread before the
            # CSRF check reads it: qyzmet.request_size); each file is named with its limit
            errors["__all__"] = render_message("attachment.request_too_large")
            status = 413
        elif request.POST.get("action") == "remove":
            try:
                remove_attachment(citizen=request.user, application=application,
                                  attachment_id=request.POST.get("attachment", ""),
                                  channel=CHANNEL)  # fmt: skip
            except DomainError as refused:
                errors["__all__"] = render_message(refused.code, refused.params)
            else:
                return redirect(request.path)
        else:
            errors = _uploads(request, application)
            if not errors:
                for service in applicable_services(application):
                    for problem in missing_attachments(application, service):
                        name = _input_name(service.slug, problem.field.rsplit(".", 1)[1])
                        errors[name] = render_message(problem.code, problem.params)
            if not errors:
                return next_step()  # type: ignore[no-any-return]
            status = 422
    groups = _rows(application, errors)
    summary = [
        (row["html_id"], row["label"], row["error"])
        for _, rows in groups for row in rows if row["error"]
    ]  # fmt: skip
    if "__all__" in errors:
        summary.insert(0, ("attachments", "", errors["__all__"]))
    response = page(request, application, "attachments", groups=groups, errors=summary)
    response.status_code = status
    return response


@citizen_required
def download(
    request: HttpRequest, application_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    """The citizen's own file (or one of an application made in their name), as uploaded."""
    try:
        application = application_seen_by(
            request.user, application_id, companies=company_bins(request)
        )
        attachment = open_own_attachment(application=application, attachment_id=attachment_id)
    except NotFound:
        raise Http404 from None
    return file_response(attachment)


def file_response(attachment: Any) -> HttpResponse:
    """The file to save, never shown inline (it may be anything a scanner missed)."""
    name = download_name(attachment.kind, attachment.content_type)
    response = HttpResponse(
        bytes(attachment.content or b""), content_type=served_type(attachment.content_type)
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
