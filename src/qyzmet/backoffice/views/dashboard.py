"""The agency's dashboard: the service quality of the officer's own agency."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qyzmet.backoffice.access import officer_required
from qyzmet.quality.selectors import agency_dashboard

PERIODS = (30, 90, 365)


@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    officer: Any = request.user
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isdigit() and int(raw) in PERIODS else None
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "dashboard": agency_dashboard(officer.agency, days=days),
            "days": days,
            "periods": PERIODS,
        },
    )
