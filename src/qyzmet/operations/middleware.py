"""Counts every request by route (the URL pattern, not the path: ids do not make new series),
and answers Prometheus's scrapes on the metrics address alone.

A request that reached gunicorn on the port of ``QYZMET_METRICS_ADDRESS`` (``SERVER_PORT`` is
the port the connection came in on, not a header) is answered here, before host checks and
HTTPS redirects: ``/metrics`` or 404. On the site's own address ``/metrics`` is no page (404).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

from qyzmet.operations.metrics import count_request, exposition

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + str(match.route)
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


def scraped(request: HttpRequest) -> bool:
    """Whether the request came in on the metrics address."""
    address = settings.METRICS_ADDRESS
    return address is not None and request.META.get("SERVER_PORT") == str(address[1])


METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if scraped(request):
            if request.path != "/metrics" or request.method not in ("GET", "HEAD"):
                return HttpResponseNotFound(b"metrics are at /metrics\n", content_type=CONTENT_TYPE)
            return HttpResponse(exposition(), content_type=CONTENT_TYPE)
        started = time.perf_counter()
        response = self.get_response(request)
        count_request(
            route=route_of(request),
            method=request.method if request.method in METHODS else "other",  # bounded labels
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        return response
