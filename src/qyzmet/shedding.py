"""A request shed under overload (``qyzmet.core.admission``, decision 0067) is answered here, around
Django rather than inside it: no middleware, no session, no database, nothing done. So a shed
``POST`` with an ``Idempotency-Key`` claimed nothing, and the same request sent again later is
carried out once.

The answer is 503 with ``Retry-After`` (``QYZMET_SHED_RETRY_AFTER``), in the channel's format
and the caller's language (the ``django_language`` cookie, else ``Accept-Language``):
problem+json (``server.overloaded``) on ``/api/`` and ``/oauth/``, GovStack's error body on
``/govstack/``, elsewhere a light waiting-room page that reloads itself after the wait (a
``GET``; after a form it says to go back and send it again). Health, readiness, metrics and
static files are never shed. Each shed request is counted (``qyzmet_http_requests_shed``)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from qyzmet.core.admission import verdict
from qyzmet.core.messages import render
from qyzmet.core.texts import current_language
from qyzmet.operations.metrics import count_shed

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
NEVER_SHED = ("/healthz", "/readyz")
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


class Shedding:
    """The WSGI application, with shed requests answered before it."""

    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        why = verdict()
        if why is None or never_shed(environ):
            return self.application(environ, start_response)
        request = WSGIRequest(environ)  # reads no body
        channel = channel_of(request.path)
        response = shed_answer(
            channel, translation.get_language_from_request(request), request.method == "GET"
        )
        count_shed(channel=channel, reason=why)
        if channel == "govstack":  # its body names the request; the rest are the same for all
            headers, body = _govstack_answer(response)
        else:
            headers, body = list(response.items()), response.content
        start_response(f"503 {response.reason_phrase}", headers)
        return [body]


def never_shed(environ: dict[str, Any]) -> bool:
    path = str(environ.get("PATH_INFO", ""))
    metrics = settings.METRICS_ADDRESS
    return (
        path in NEVER_SHED
        or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        or (metrics is not None and environ.get("SERVER_PORT") == str(metrics[1]))
    )


def channel_of(path: str) -> str:
    if path.startswith(("/api/", "/oauth/")):
        return "api"
    if path.startswith("/govstack/"):
        return "govstack"
    return "portal"


@functools.cache
def shed_answer(channel: str, language: str, reloads: bool) -> HttpResponse:
    """The answer of a shed request, rendered once per channel, language and kind."""
    seconds: int = settings.SHED_RETRY_AFTER
    params = {"seconds": seconds}
    with translation.override(language):
        if channel == "api":
            from qyzmet.api.api import api
            from qyzmet.api.problems import problem

            response = problem(api, HttpRequest(), status=503, code="server.overloaded",
                               params=params)  # fmt: skip
        elif channel == "govstack":
            from qyzmet.govstack.errors import system_error

            response = system_error(
                status=503, code="server.overloaded", params=params, trace_id="shed"
            )
        else:
            response = waiting_room(params, reloads=reloads)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def waiting_room(params: dict[str, Any], *, reloads: bool) -> HttpResponse:
    said = ["server.overloaded.busy", "server.overloaded.wait" if reloads else
            "server.overloaded.form"]  # fmt: skip
    html = render_to_string(
        "qyzmet/failure.html",
        {
            "language": current_language(),
            "home": "/",
            "title": render("server.overloaded.title"),
            "paragraphs": [render(code, params) for code in said],
            "refresh": params["seconds"] if reloads else None,
            "again": render("server.overloaded.now") if reloads else None,
        },
    )
    response = HttpResponse(html, status=503)
    response["Content-Language"] = current_language()
    response["Content-Security-Policy"] = PAGE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "DENY"
    return response


def _govstack_answer(cached: HttpResponse) -> tuple[list[tuple[str, str]], bytes]:
    """GovStack's error body with a trace id of this request's own."""
    trace = uuid.uuid4().hex
    body = cached.content.replace(b'"traceId": "shed"', f'"traceId": "{trace}"'.encode())
    headers = [(k, str(len(body)) if k.lower() == "content-length" else v)
               for k, v in cached.items()]  # fmt: skip
    return headers, body
