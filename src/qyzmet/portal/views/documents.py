"""Result documents in the portal: the citizen downloads theirs; anyone checks one.

Checking is public: by the number printed on the document (the QR code opens that page), or
by uploading the PDF, which is compared byte for byte with what was issued."""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from qyzmet.applications.selectors import application_seen_by
from qyzmet.core.errors import NotFound
from qyzmet.core.identifiers import masked_iin
from qyzmet.core.messages import render as render_message
from qyzmet.documents.grounds import revocation_ground_label
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.selectors import result_document_of
from qyzmet.documents.verification import (
    Verification,
    verify_document_file,
    verify_document_number,
)
from qyzmet.portal.representation import company_bins
from qyzmet.portal.views.citizen import citizen_required
from qyzmet.trust.keys import published_keys
from qyzmet.trust.root import fingerprint, trust_root

MEGABYTE = 1024 * 1024
FORM_OVERHEAD = 64 * 1024  # the form's other fields and the multipart boundaries


def pdf_response(document: ResultDocument) -> HttpResponse:
    filename = f"{document.content.get('service_slug', 'document')}-{document.pk}.pdf"
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
def download(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    try:
        application = application_seen_by(
            request.user, application_id, companies=company_bins(request)
        )  # the results reach whom it was made for, and who made it
        case = next((c for c in application.cases.all() if c.pk == case_id), None)
        if case is None:
            raise NotFound("not_found.case")
        document = result_document_of(case)
    except NotFound:
        raise Http404 from None
    return pdf_response(document)


def _verdict_page(
    request: HttpRequest, verification: Verification, status: int = 200
) -> HttpResponse:
    document = verification.document
    return render(
        request,
        "portal/verify/verdict.html",
        {
            "verification": verification,
            "message": render_message(f"verdict.{verification.verdict}"),
            "document": document,
            "content": document.content if document else None,
            "masked_iin": masked_iin(document.content.get("holder_iin", "")) if document else "",
            # the ground, never the written reason: anyone may check any number
            "revocation_ground": revocation_ground_label(document.revocation_ground)
            if document
            else "",
        },
        status=status,
    )


def _form_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    context = {"error": error, "root_fingerprint": fingerprint(trust_root())}
    return render(request, "portal/verify/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The verify form (a number or a PDF); a posted PDF gets its verdict."""
    if request.method == "GET":
        number = request.GET.get("number", "").strip().upper()
        if number:
            return _verdict_page(request, verify_document_number(number))
        return _form_page(request)
    limit = settings.DOCUMENT_UPLOAD_MAX_MB
    declared = request.META.get("CONTENT_LENGTH") or "0"
    too_large = not declared.isdigit() or int(declared) > limit * MEGABYTE + FORM_OVERHEAD
    # not taken when declared too large (past QYZMET_MAX_REQUEST_MB, not even read:
    # qyzmet.request_size)
    upload = None if too_large else request.FILES.get("file")
    error, status = "", 200
    if too_large:
        error, status = render_message("document.file_too_large", {"limit": limit}), 413
    elif upload is None:
        error, status = render_message("document.file_missing"), 400
    elif upload.size is None or upload.size > limit * MEGABYTE:
        error, status = render_message("document.file_too_large", {"limit": limit}), 413
    if error:
        return _form_page(request, error=error, status=status)
    assert upload is not None
    return _verdict_page(request, verify_document_file(upload.read()))


@require_GET
def document_status(request: HttpRequest, document_id: str) -> HttpResponse:
    """What the register says about the document with this number (the QR code's page)."""
    verification = verify_document_number(document_id.strip().upper())
    return _verdict_page(
        request, verification, status=404 if verification.document is None else 200
    )


@require_GET
@cache_control(public=True, max_age=300)
def root(request: HttpRequest) -> HttpResponse:
    """The trust root's certificate: every published key must be certified by it."""
    pem = trust_root().public_bytes(serialization.Encoding.PEM)
    return HttpResponse(pem, content_type="application/x-pem-file")


@require_GET
@cache_control(public=True, max_age=300)
def keys(request: HttpRequest) -> JsonResponse:
    """The trust list as a JSON Web Key Set, for checking QR codes and signatures offline."""
    return JsonResponse(published_keys(), json_dumps_params={"ensure_ascii": False})
