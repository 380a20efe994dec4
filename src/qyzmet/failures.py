"""What a request that failed outside a channel's own error handling gets (Django's
``handler500``): an error in a middleware, a template or a view of the portal or back office.

The database going away (``core.outages``) is a 503 with ``Retry-After``; anything else a 500.
Each channel answers in its own format and the caller's language: problem+json on ``/api/``
(and partners' ``/oauth/`` token endpoints),
GovStack's ``systemError`` on ``/govstack/``, a plain page elsewhere. The page is rendered
without the request's context (no session, no user): the database may be what failed.
Django logs the error itself (logger ``django.request``, with the request id). A request refused
before it is read (too large, ``qyzmet.request_size``) is answered the same way (``refused``)."""

from __future__ import annotations

import sys
from typing import Any

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


def refused(
    request: HttpRequest, *, status: int, code: str, params: dict[str, Any] | None = None,
    page_says: tuple[str, ...] = (),
) -> HttpResponse:  # fmt: skip
    """A request refused before it is read (``qyzmet.request_size``), in the channel's format
    and the caller's language. The page says ``page_says`` (``code`` by default; with
    ``params``) under ``code``'s ``.title``, then how to go on."""
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith(("/api/", "/oauth/")):
            return problem(api, request, status=status, code=code, params=params)
        if request.path.startswith("/govstack/"):
            return system_error(status=status, code=code, params=params)
        said = [*(page_says or (code,)), "request.refused.back"]
        return _plain_page(
            status=status, title=f"{code}.title", paragraphs=[render(c, params) for c in said]
        )


def page(*, unavailable: bool) -> HttpResponse:
    """The plain page of a 503 (``unavailable``) or a 500, in the active language."""
    if unavailable:
        response = _plain_page(
            status=503, title="server.unavailable.title",
            paragraphs=[render("server.unavailable.retry"), render("server.unavailable.form")],
        )  # fmt: skip
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return _plain_page(
        status=500, title="server.error.title", paragraphs=[render("server.error.page")]
    )


def _plain_page(*, status: int, title: str, paragraphs: list[str]) -> HttpResponse:
    html = render_to_string(
        "qyzmet/failure.html",
        {
            "language": current_language(),
            "home": "/",
            "title": render(title),
            "paragraphs": paragraphs,
            "reference": render("server.request_id", {"request_id": current_request_id()}),
        },
    )
    response = HttpResponse(html, status=status)
    response["Content-Language"] = current_language()
    response["Cache-Control"] = "no-store"
    return response
