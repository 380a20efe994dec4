"""Checks of appointments (``qyzmet check``):

- ``qyzmet.E135`` (every process): ``QYZMET_VISIT_BOOKING_DAYS`` is not 1 to 365: with 0 or
  less no visit could ever be booked; more than a year holds places nobody plans for.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MOST_DAYS = 365


@register()
def visit_booking_days(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    days = settings.VISIT_BOOKING_DAYS
    if 1 <= days <= MOST_DAYS:
        return []
    return [Error(
        f"QYZMET_VISIT_BOOKING_DAYS is {days}: visits are booked from 1 to {MOST_DAYS} days "
        "ahead. Set a number of days in that range (14 by default).",
        id="qyzmet.E135",
    )]  # fmt: skip
