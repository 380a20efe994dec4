"""Money. Fees are set in MCI (the monthly calculation index, whose value in tenge each year's
budget law fixes); amounts are kept as whole tiyn (1 tenge = 100 tiyn), never as floats."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format

CURRENCY = "KZT"


def mci_tenge(day: datetime.date | None = None) -> int:
    """The value of one MCI in tenge on ``day`` (today): its year's, else the latest earlier
    year's (else the earliest known)."""
    table: dict[int, int] = settings.MCI_TENGE
    year = (day or timezone.localdate()).year
    known = [y for y in table if y <= year]
    return table[max(known)] if known else table[min(table)]


def mci_to_tiyn(mci: Any, day: datetime.date | None = None) -> int:
    """A fee of ``mci`` MCI in tiyn on ``day``, rounded half up to the tiyn."""
    amount = Decimal(str(mci or 0)) * mci_tenge(day) * 100
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_tenge(tiyn: int) -> str:
    """``5 406,25 ₸`` or ``17 300 ₸``: grouped the way the active language writes numbers."""
    amount = Decimal(tiyn) / 100
    places = 0 if tiyn % 100 == 0 else 2
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)} ₸"
