"""What a request that failed outside a channel's own error handling gets (Django's
``handler500``): an error in a middleware, a template or a view of the portal or back office.

The database going away (``core.outages``) is a 503 with ``Retry-After``; anything else a 500.
Each channel answers in its own format and the caller's language: problem+json on ``/api/``
(and partners' ``/oauth/`` token endpoints),
GovStack's ``systemError`` on ``/govstack/``, a plain page elsewhere. The page is rendered
without the request's context (no session, no user): the database may be what failed.
Django logs the error itself (logger ``django.request``, with the request id)."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from qyzmet.api.api import api
from qyzmet.api.problems import problem
from qyzmet.api.problems import unavailable as api_unavailable
from qyzmet.core.messages import render
from qyzmet.core.outages import RETRY_AFTER, database_unavailable
from qyzmet.core.request_ids import current_request_id
from qyzmet.core.texts import current_language
from qyzmet.govstack.errors import system_error
from qyzmet.govstack.errors import unavailable as govstack_unavailable


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    down = error is not None and database_unavailable(error)
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith(("/api/", "/oauth/")):
            if down:
                return api_unavailable(api, request)
            return problem(api, request, status=500, code="server.error")
        if request.path.startswith("/govstack/"):
            return govstack_unavailable() if down else system_error(status=500, code="server.error")
        return page(unavailable=down)


def page(*, unavailable: bool) -> HttpResponse:
    """The plain page of a 503 (``unavailable``) or a 500, in the active language."""
    if unavailable:
        title, paragraphs = (
            "server.unavailable.title",
            ["server.unavailable.retry", "server.unavailable.form"],
        )
    else:
        title, paragraphs = "server.error.title", ["server.error.page"]
    html = render_to_string(
        "qyzmet/failure.html",
        {
            "language": current_language(),
            "home": "/",
            "title": render(title),
            "paragraphs": [render(code) for code in paragraphs],
            "reference": render("server.request_id", {"request_id": current_request_id()}),
        },
    )
    response = HttpResponse(html, status=503 if unavailable else 500)
    response["Content-Language"] = current_language()
    response["Cache-Control"] = "no-store"
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
