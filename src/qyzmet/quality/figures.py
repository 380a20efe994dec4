"""The figures of service quality, as the selectors return them (plain, immutable values)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from qyzmet.core.texts import Text

HOURS_PER_DAY = 24.0


def _days(hours: float | None) -> float | None:
    return None if hours is None else hours / HOURS_PER_DAY


@dataclass(frozen=True)
class Figures:
    """Cases of one service, one agency or one life situation.

    Processing time runs from the application's submission to the case's decision. A case
    kept its deadline when it was decided on or before its due date (in local time); the
    share of deadlines kept counts the cases still open past their due date as missed, so
    leaving late cases undecided does not improve it."""

    applications: int = 0
    cases: int = 0
    decided: int = 0
    approved: int = 0
    decided_on_time: int = 0
    overdue: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None
    ratings: int = 0
    mean_rating: float | None = None

    @property
    def median_days(self) -> float | None:
        return _days(self.median_hours)

    @property
    def p90_days(self) -> float | None:
        return _days(self.p90_hours)

    @property
    def deadlines_due(self) -> int:
        """Cases whose deadline has been tested: decided ones and open ones past due."""
        return self.decided + self.overdue

    @property
    def on_time_share(self) -> float | None:
        """Share (0 to 1) of ``deadlines_due`` decided within the legal deadline."""
        return self.decided_on_time / self.deadlines_due if self.deadlines_due else None


@dataclass(frozen=True)
class Journey:
    """Whole applications for a life situation, from submission to the last decision of
    their cases; only applications whose every case is decided (withdrawn ones left out)."""

    applications: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None

    @property
    def median_days(self) -> float | None:
        return _days(self.median_hours)

    @property
    def p90_days(self) -> float | None:
        return _days(self.p90_hours)


@dataclass(frozen=True)
class Row:
    """One line of a statistics table: a life situation, an agency or a service."""

    id: int
    slug: str
    title: Text
    figures: Figures
    agency_slug: str = ""
    agency_name: Text = field(default_factory=dict)
    journey: Journey | None = None
    appeals: int = 0  # of a service's cases: appeals filed (casework.appeals)...
    appeals_upheld: int = 0  # ...and how many of them were upheld
    stages: tuple[Any, ...] = ()  # of a service with stages: quality.stage_times.StageTime


@dataclass(frozen=True)
class Statistics:
    """Everything the public statistics page and the open data show."""

    life_situations: list[Row]
    agencies: list[Row]
    services: list[Row]
    generated_at: datetime.datetime
    days: int | None = None
    agency_slug: str = ""

    @property
    def staged(self) -> list[Row]:
        """The services whose cases pass through stages, for the time spent at each."""
        return [row for row in self.services if row.stages]

    @property
    def totals(self) -> Figures:
        """The headline figures: every agency's cases added up (each case belongs to one
        agency, so nothing is counted twice). Medians do not add up and are left out."""
        rows = [r.figures for r in self.agencies]
        ratings = sum(f.ratings for f in rows)
        rated = sum(f.mean_rating * f.ratings for f in rows if f.mean_rating is not None)
        return Figures(
            applications=sum(f.applications for f in rows),
            cases=sum(f.cases for f in rows),
            decided=sum(f.decided for f in rows),
            approved=sum(f.approved for f in rows),
            decided_on_time=sum(f.decided_on_time for f in rows),
            overdue=sum(f.overdue for f in rows),
            ratings=ratings,
            mean_rating=rated / ratings if ratings else None,
        )


@dataclass(frozen=True)
class Comment:
    score: int
    comment: str
    service_title: Text
    rated_at: datetime.datetime


@dataclass(frozen=True)
class AgencyDashboard:
    """One agency's view: its totals, its services, the life situations it takes part in
    (with the whole journey, which no agency sees alone), its scores and latest comments."""

    agency_slug: str
    agency_name: Text
    totals: Figures
    services: list[Row]
    life_situations: list[Row]
    scores: dict[int, int]
    comments: list[Comment]
    generated_at: datetime.datetime
    days: int | None = None
