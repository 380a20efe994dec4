"""Decisions counted per day, week, month or year: every day of the span in exactly one
period, the first and last periods cut to the span, and no error at the calendar's ends."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.quality.periods import TooManyPeriods, decisions_by_period, periods
from tests.factories import ApplicationFactory, CitizenFactory

D = datetime.date


@pytest.mark.parametrize(
    ("timeframe", "expected"),
    [
        ("day", [(D(2024, 2, 28), D(2024, 2, 28)), (D(2024, 2, 29), D(2024, 2, 29)),
                 (D(2024, 3, 1), D(2024, 3, 1))]),
        ("week", [(D(2024, 2, 28), D(2024, 3, 1))]),
        ("month", [(D(2024, 2, 28), D(2024, 2, 29)), (D(2024, 3, 1), D(2024, 3, 1))]),
        ("year", [(D(2024, 2, 28), D(2024, 3, 1))]),
    ],
)  # fmt: skip
def test_periods_cover_the_span_once(timeframe, expected):
    assert list(periods(D(2024, 2, 28), D(2024, 3, 1), timeframe)) == expected


def test_the_last_days_of_the_calendar_are_a_period_like_any_other():
    assert list(periods(D(9999, 12, 30), datetime.date.max, "week")) == [
        (D(9999, 12, 30), D(9999, 12, 31))
    ]
    assert list(periods(datetime.date.max, datetime.date.max, "day")) == [
        (datetime.date.max, datetime.date.max)
    ]


@pytest.mark.django_db
def test_decisions_are_counted_on_their_day_and_by_default_from_the_first(demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    ApplicationFactory(citizen=citizen, approved=True)
    ApplicationFactory(citizen=citizen, rejected=True)
    [total] = decisions_by_period()
    assert (total.approved, total.rejected, total.decided) == (1, 1, 2)
    assert total.start == total.end  # the first decision was today
    with pytest.raises(TooManyPeriods):
        decisions_by_period(start=D(2000, 1, 1), timeframe="day", limit=10)
