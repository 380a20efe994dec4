"""Template helpers: texts in the active language, fees in tenge, message codes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from qyzmet.core.messages import render
from qyzmet.core.money import format_tenge, mci_tenge
from qyzmet.core.texts import current_language, pick
from qyzmet.core.written import as_html

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    """``{{ service.title|tr }}``: a ``{kk, ru, en}`` text in the active language."""
    return pick(text) if isinstance(text, dict) else str(text or "")


@register.filter
def tenge(mci: Any) -> str:
    """A fee in MCI as tenge, e.g. ``17 300 ₸``, grouped the way the language writes it."""
    amount = (Decimal(str(mci or 0)) * mci_tenge()).quantize(Decimal(1))
    return f"{number_format(amount, decimal_pos=0, force_grouping=True)} ₸"


@register.filter
def tiyn(amount: Any) -> str:
    """An amount kept in tiyn as tenge, e.g. ``5 406,25 ₸``."""
    return format_tenge(int(amount or 0))


@register.filter
def message(code: str) -> str:
    """``{{ error.code|message }}``: a message from ``core.messages`` in the active language."""
    return render(code)


@register.filter
def iso_date(value: Any) -> Any:
    """``{{ person.birth_date|iso_date|date }}``: a date kept as text ("2026-12-05") as a date,
    so ``|date`` shows it in the language's format; anything else unchanged."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    return value


@register.filter
def shown(parts: Any) -> SafeString:
    """``{{ case.reason_parts|shown }}``: catalogue texts in the active language, what a person
    wrote as written, marked with its language when that is another one (``core.written``)."""
    return as_html(parts, current_language())
