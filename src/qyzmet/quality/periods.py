"""Decisions per period: how many cases were approved and rejected on the days of a time
span, all together or per day, week (from Monday), month or year. A case counts on the
(local) day it was decided; its agency, service and the officer it is assigned to narrow it."""

from __future__ import annotations

import bisect
import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from qyzmet.applications.models import DECIDED_CASE_STATUSES, Case, CaseStatus, Correction
from qyzmet.catalog.models import Agency, Service

TIMEFRAMES = ("day", "week", "month", "year")
ONE_DAY = datetime.timedelta(days=1)


class TooManyPeriods(ValueError):
    """The time span holds more periods of the timeframe than one answer may list."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} periods")
        self.limit = limit


@dataclass(frozen=True)
class PeriodFigures:
    start: datetime.date
    end: datetime.date  # the last day, included
    approved: int = 0
    rejected: int = 0
    sent_back: int = 0  # send-backs for correction made in the period

    @property
    def decided(self) -> int:
        return self.approved + self.rejected


def _later(day: datetime.date, days: int) -> datetime.date | None:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


def _last_day(start: datetime.date, timeframe: str) -> datetime.date:
    if timeframe == "week":
        return _later(start, 6 - start.weekday()) or datetime.date.max
    if timeframe == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if timeframe == "year":
        return start.replace(month=12, day=31)
    return start


def periods(
    start: datetime.date, end: datetime.date, timeframe: str
) -> Iterator[tuple[datetime.date, datetime.date]]:
    """The periods of ``timeframe`` from ``start`` to ``end`` (both included), the first and
    the last cut to the span."""
    day: datetime.date | None = start
    while day is not None and day <= end:
        last = min(_last_day(day, timeframe), end)
        yield day, last
        day = _later(last, 1)


def _within(
    rows: Any,
    *,
    at: str,
    case: str,
    officer_field: str,
    start: datetime.date | None,
    end: datetime.date | None,
    service: Service | None,
    agency: Agency | None,
    officer: Any,
) -> Any:
    """``rows`` (cases, or rows with a ``case``: ``case`` is the path to it) of the local days
    ``start``..``end`` by their moment ``at``, of a service, an agency or an officer."""
    if start is not None:
        rows = rows.filter(**{f"{at}__date__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{at}__date__lte": end})
    if service is not None:
        rows = rows.filter(**{f"{case}service__service": service})
    if agency is not None:
        rows = rows.filter(**{f"{case}agency": agency})
    if officer is not None:
        rows = rows.filter(**{officer_field: officer})
    return rows


def decisions_per_day(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    service: Service | None = None,
    agency: Agency | None = None,
    officer: Any = None,
) -> dict[datetime.date, tuple[int, int]]:
    """Approved and rejected cases per local day of decision (days without any left out)."""
    cases = _within(
        Case.objects.filter(status__in=DECIDED_CASE_STATUSES, decided_at__isnull=False),
        at="decided_at", case="", officer_field="assigned_to",
        start=start, end=end, service=service, agency=agency, officer=officer,
    )  # fmt: skip
    rows = (
        cases.annotate(day=TruncDate("decided_at"))
        .values("day")
        .annotate(
            approved=Count("pk", filter=Q(status=CaseStatus.APPROVED)),
            rejected=Count("pk", filter=Q(status=CaseStatus.REJECTED)),
        )
        .order_by()
    )
    return {row["day"]: (row["approved"], row["rejected"]) for row in rows}


def send_backs_per_day(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    service: Service | None = None,
    agency: Agency | None = None,
    officer: Any = None,
) -> dict[datetime.date, int]:
    """Cases sent back for correction per local day they were sent back."""
    sent = _within(
        Correction.objects.all(), at="sent_at", case="case__", officer_field="officer",
        start=start, end=end, service=service, agency=agency, officer=officer,
    )  # fmt: skip
    rows = sent.annotate(day=TruncDate("sent_at")).values("day").annotate(n=Count("pk")).order_by()
    return {row["day"]: row["n"] for row in rows}


def decisions_by_period(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    timeframe: str | None = None,
    limit: int = 1000,
    **narrowing: Any,
) -> list[PeriodFigures]:
    """Decisions from ``start`` (by default the first decision) to ``end`` (by default today,
    or ``start`` if later): one total, or one per period of ``timeframe``. ``narrowing``:
    ``service``, ``agency``, ``officer`` as ``decisions_per_day`` takes them."""
    days = decisions_per_day(start=start, end=end, **narrowing)
    sent_back = send_backs_per_day(start=start, end=end, **narrowing)
    end = end or max(timezone.localdate(), start or datetime.date.min)
    start = start or min([*days, *sent_back], default=end)
    spans = [(start, end)]
    if timeframe is not None:
        spans = []
        for span in periods(start, end, timeframe):
            if len(spans) == limit:
                raise TooManyPeriods(limit)
            spans.append(span)
    totals = [[0, 0, 0] for _ in spans]
    firsts = [first for first, _ in spans]
    counted = [(day, (a, r, 0)) for day, (a, r) in days.items()]
    counted += [(day, (0, 0, n)) for day, n in sent_back.items()]
    for day, figures in counted:
        at = bisect.bisect_right(firsts, day) - 1
        if at >= 0 and day <= spans[at][1]:
            for index, value in enumerate(figures):
                totals[at][index] += value
    return [
        PeriodFigures(start=first, end=last, approved=a, rejected=r, sent_back=b)
        for (first, last), (a, r, b) in zip(spans, totals, strict=True)
    ]
