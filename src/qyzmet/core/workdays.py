"""Working days in Kazakhstan: legal deadlines are counted in them."""

from __future__ import annotations

import datetime
from functools import cache

import holidays


@cache
def _calendar() -> holidays.HolidayBase:
    # Includes days moved by government decree (observed holidays and working Saturdays).
    return holidays.country_holidays("KZ")


def is_working_day(day: datetime.date) -> bool:
    return bool(_calendar().is_working_day(day))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start``; 0 means ``start`` or the next working day.

    A request filed on a day off is taken as filed on the next working day, as offices do.
    """
    day = start
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def is_public_holiday(day: datetime.date) -> bool:
    """A public holiday (or a day off moved by decree), when public offices are closed."""
    return day in _calendar()


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days there are from ``start`` up to, not including, ``end`` (0 when
    ``end`` is not after ``start``): the days a stopped clock did not run."""
    count, day = 0, start
    while day < end:
        if is_working_day(day):
            count += 1
        day += datetime.timedelta(days=1)
    return count
