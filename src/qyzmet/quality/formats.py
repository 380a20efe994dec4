"""Numbers of the statistics written the way the active language writes them."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from qyzmet.core.texts import current_language

NO_FIGURE = "–"
NO_BREAK_SPACE = "\u00a0"
# Django ships no number formats for Kazakh; Kazakh writes numbers as Russian does.
KAZAKH_DECIMAL_SEPARATOR = ","
KAZAKH_THOUSAND_SEPARATOR = NO_BREAK_SPACE


def rounded(value: float, places: int) -> Decimal:
    """Rounded half up, as people round (``2.25`` is ``2.3``, not ``2.2``)."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal(value: float | None, places: int = 1) -> str:
    """``4.25`` is ``4.3`` in English and ``4,3`` in Kazakh and Russian; None is a dash."""
    if value is None:
        return NO_FIGURE
    if current_language() == "kk":
        return numberformat.format(
            rounded(value, places),
            KAZAKH_DECIMAL_SEPARATOR,
            decimal_pos=places,
            grouping=3,
            thousand_sep=KAZAKH_THOUSAND_SEPARATOR,
            force_grouping=True,
        )
    return number_format(rounded(value, places), decimal_pos=places, force_grouping=True)


def percent(share: float | None) -> str:
    """A share from 0 to 1 as per cent: ``87%`` in English, ``87 %`` in Kazakh and Russian."""
    if share is None:
        return NO_FIGURE
    figure = decimal(share * 100, places=0)
    return f"{figure}%" if current_language() == "en" else f"{figure}{NO_BREAK_SPACE}%"


MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
# Below this many hours a duration is told in hours and minutes ("1 h 30 min").
HOURS_WITH_MINUTES = 10
# Below this many days a duration is told in days and hours ("2 d 5 h"), above in days.
DAYS_WITH_HOURS = 10


def _unit(text: str, count: int) -> str:
    """A figure and its unit kept on one line; a duration may wrap between its units."""
    return (text % {"count": decimal(count, places=0)}).replace(" ", NO_BREAK_SPACE)


def _minutes(count: int) -> str:
    return _unit(_("%(count)s min"), count)


def _hours(count: int) -> str:
    return _unit(_("%(count)s h"), count)


def _days(count: int) -> str:
    return _unit(_("%(count)s d"), count)


def duration(days: float | None) -> str:
    """A duration given in days, told in the units a person reads at a glance: ``0``,
    ``40 min``, ``1 h 30 min``, ``15 h``, ``2 d 5 h``, ``12 d`` (in Russian ``2 дн. 5 ч``, in
    Kazakh ``2 күн 5 сағ``)."""
    if days is None:
        return NO_FIGURE
    if days <= 0:
        return decimal(0, places=0)
    minutes = int(rounded(days * HOURS_PER_DAY * MINUTES_PER_HOUR, 0))
    if minutes < 1:
        return _("< 1 min").replace(" ", NO_BREAK_SPACE)
    if minutes < MINUTES_PER_HOUR:
        return _minutes(minutes)
    if minutes < HOURS_WITH_MINUTES * MINUTES_PER_HOUR:
        hours, rest = divmod(minutes, MINUTES_PER_HOUR)
        return _hours(hours) if rest == 0 else f"{_hours(hours)} {_minutes(rest)}"
    whole_hours = int(rounded(days * HOURS_PER_DAY, 0))
    if whole_hours < HOURS_PER_DAY:
        return _hours(whole_hours)
    if days < DAYS_WITH_HOURS:
        full_days, rest = divmod(whole_hours, HOURS_PER_DAY)
        return _days(full_days) if rest == 0 else f"{_days(full_days)} {_hours(rest)}"
    return _days(int(rounded(days, 0)))


# Steps between ticks of a duration axis, in days: minutes, hours, then days.
DURATION_STEPS = (
    *(m / (HOURS_PER_DAY * MINUTES_PER_HOUR) for m in (5, 10, 15, 30)),
    *(h / HOURS_PER_DAY for h in (1, 2, 3, 6, 12)),
    1, 2, 5, 10, 20, 50, 100, 200, 500,
)  # fmt: skip
MOST_TICKS = 6


def duration_ticks(largest: float) -> list[float]:
    """Ticks for an axis of durations from 0 to ``largest`` days, at a step a person counts
    in (15 minutes, 6 hours, 2 days...), at most ``MOST_TICKS`` + 1 of them; each reads as a
    round :func:`duration`."""
    step = next((s for s in DURATION_STEPS if largest / s <= MOST_TICKS), DURATION_STEPS[-1])
    count = max(1, math.ceil(largest / step - 1e-9))
    return [step * i for i in range(count + 1)]
