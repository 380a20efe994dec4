"""The requests each route served and how long they took, counted by every process.

Under gunicorn each worker is a process of its own: ``qyzmet serve`` names a folder
(``PROMETHEUS_MULTIPROC_DIR``) where each writes its counts, and a scrape, answered by any one
worker, adds them up (prometheus-client's multiprocess mode). Without that folder (tests,
``runserver``) the counts are this process's. What the database holds is read at each scrape
instead (``gauges.py``), so it is right however many processes serve."""

from __future__ import annotations

import os

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from qyzmet.operations.gauges import DatabaseGauges

REQUESTS = Counter(
    "qyzmet_http_requests",
    "Requests answered, by route, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "qyzmet_http_request_duration_seconds",
    "How long answering a request took, by route and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def count_request(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


def exposition() -> bytes:
    """Every metric in Prometheus's text format: the requests of every process serving, then
    what the database holds now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        served = CollectorRegistry()
        multiprocess.MultiProcessCollector(served)  # type: ignore[no-untyped-call]
    else:
        served = REGISTRY
    held = CollectorRegistry()
    held.register(DatabaseGauges())
    return generate_latest(served) + generate_latest(held)


SHED = Counter(
    "qyzmet_http_requests_shed",
    "Requests shed under overload (503 with Retry-After, nothing done), by channel (api, "
    "govstack, portal) and reason (crowded: past the admission limit; late: waited past the "
    "queue deadline).",
    ["channel", "reason"],
)


def count_shed(*, channel: str, reason: str) -> None:
    SHED.labels(channel=channel, reason=reason).inc()
