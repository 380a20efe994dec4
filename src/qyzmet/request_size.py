"""A request whose body is larger than ``QYZMET_MAX_REQUEST_MB`` is answered 413 before a byte
of it is read. Django reads a form's body before the view runs (the CSRF check reads
``request.POST``, which writes the files of a multipart body to temporary files past 2.5 MB),
so a view's own size check comes too late to spare the disk; this middleware runs before
anything that reads the body (settings ``MIDDLEWARE``: right after the request id, which reads
only a header).

The length is the declared ``Content-Length``: Django reads a body up to it and never past it
(``LimitedStream``), so a body longer than it declares is cut, not read. A body sent in chunks
(``Transfer-Encoding: chunked``, passed on by gunicorn without a length) is never read by
Django at all: it would reach the view empty, so it is answered 411 (send the length) rather
than "the file is missing"."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from qyzmet.failures import refused

MEGABYTE = 1024 * 1024


class RequestSizeMiddleware:
    """413 for a body declared larger than the limit, 411 for a chunked one without a length."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = str(request.META.get("CONTENT_LENGTH") or "").strip()
        limit: int = settings.MAX_REQUEST_MB
        if declared.isdigit() and int(declared) > limit * MEGABYTE:
            return refused(
                request, status=413, code="request.too_large", params={"limit": limit},
                page_says=("request.too_large.limit",),
            )  # fmt: skip
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not declared:
            return refused(request, status=411, code="request.length_required")
        return self.get_response(request)
