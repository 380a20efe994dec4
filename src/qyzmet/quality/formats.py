"""Numbers of the statistics written the way the active language writes them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import number_format

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
