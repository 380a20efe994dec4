"""Every request has an id: the caller's ``X-Request-ID`` when it is well-formed, else a new
one. It is echoed in the response and named in every log line written while the request runs
(``RequestIdFilter``), so an operator finds a client's failed request in the logs."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
PATTERN = re.compile(r"[A-Za-z0-9._:+=/-]{8,128}")  # UUIDs, hex, ULIDs, trace ids; no spaces

NO_REQUEST = "-"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being served (or of the request that enqueued the job being run,
    ``core/tasks.py``), ``-`` outside a request."""
    return _current.get()


def set_request_id(request_id: str) -> None:
    """Name ``request_id`` in the log lines that follow (a worker, as it starts a job)."""
    _current.set(request_id)


def well_formed_request_id(given: str) -> str | None:
    """``given`` if it may name a request in the logs, else ``None``."""
    return given if PATTERN.fullmatch(given) else None


def request_id_of(request: HttpRequest) -> str:
    """The id of ``request``: the caller's if well-formed, else a new one."""
    return well_formed_request_id(request.headers.get(HEADER, "")) or uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost: names the request before anything can fail, and echoes the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, for the formatters to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)  # Django's log of a response
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True
