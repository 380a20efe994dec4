"""Public statistics of service quality: the page, and the same figures as open data."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from qyzmet.quality.export import COLUMNS, csv_records, json_document
from qyzmet.quality.figures import Statistics
from qyzmet.quality.selectors import PERIODS, agency_by_slug, agency_choices, service_quality

OPEN_DATA_CACHE = "public, max-age=300"


def _statistics(request: HttpRequest) -> Statistics:
    """The figures for ``?days=`` (one of ``PERIODS``, all time otherwise) and ``?agency=``."""
    days = request.GET.get("days", "")
    period = next((p for p in PERIODS if str(p) == days), None)
    agency = agency_by_slug(request.GET.get("agency", "")[:64])
    return service_quality(days=period, agency=agency)


def _query(stats: Statistics) -> str:
    """The chosen period and agency, for the links to the same figures as open data."""
    chosen = {"days": stats.days, "agency": stats.agency_slug}
    return urlencode({key: value for key, value in chosen.items() if value})


def _open_data(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = OPEN_DATA_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    stats = _statistics(request)
    return render(
        request,
        "portal/statistics/index.html",
        {
            "stats": stats,
            "periods": PERIODS,
            "agencies": agency_choices(),
            "query": _query(stats),
        },
    )


@require_GET
def statistics_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="qyzmet-statistics.csv"'
    writer = csv.DictWriter(response, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_records(_statistics(request)))
    return _open_data(response)


@require_GET
def statistics_json(request: HttpRequest) -> HttpResponse:
    return _open_data(
        JsonResponse(json_document(_statistics(request)), json_dumps_params={"ensure_ascii": False})
    )
