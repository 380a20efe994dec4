"""Count, median and 90th percentile of durations per group, in hours.

On PostgreSQL the database computes them (``percentile_cont``); elsewhere (SQLite) one
``values_list`` query brings the start and end times and Python interpolates the same way,
so both give identical figures."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, F, QuerySet

MEDIAN = 0.5
P90 = 0.9
HOUR = 3600.0

Percentiles = tuple[int, float | None, float | None]


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, *, fraction: float, **extra: Any) -> None:
        super().__init__(
            expression, fraction=float(fraction), output_field=DurationField(), **extra
        )


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` percentile of sorted ``values`` by linear interpolation between the
    closest ranks (what ``percentile_cont`` does); None when there are no values."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def _hours(value: datetime.timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / HOUR


def hours_percentiles(
    rows: QuerySet[Any], *, group: str, start: str, end: str, less: str = ""
) -> dict[Hashable, Percentiles]:
    """Per value of ``group``: how many rows have both ``start`` and ``end``, and the median
    and the 90th percentile of ``end - start`` over them (less the duration ``less``, when
    named: time that was not the agency's), in hours."""
    rows = rows.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    if connection.vendor == "postgresql":
        duration = F(end) - F(start) - F(less) if less else F(end) - F(start)
        found = (
            rows.order_by()
            .values(group)
            .annotate(
                count=Count("pk"),
                median=PercentileCont(duration, fraction=MEDIAN),
                p90=PercentileCont(duration, fraction=P90),
            )
        )
        return {r[group]: (r["count"], _hours(r["median"]), _hours(r["p90"])) for r in found}
    durations: dict[Hashable, list[float]] = defaultdict(list)
    fields = (group, start, end, less) if less else (group, start, end)
    for key, started, ended, *excluded in rows.order_by().values_list(*fields):
        spent = ended - started - (excluded[0] if excluded else datetime.timedelta(0))
        durations[key].append(spent.total_seconds() / HOUR)
    result: dict[Hashable, Percentiles] = {}
    for key, hours in durations.items():
        hours.sort()
        result[key] = (len(hours), percentile(hours, MEDIAN), percentile(hours, P90))
    return result
