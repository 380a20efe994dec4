"""The assistant's hints on the case page, as the officer reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from qyzmet.applications.models import Case
from qyzmet.assistant.hints import CaseHints
from qyzmet.core.texts import pick


@dataclass(frozen=True)
class HintRow:
    field: str  # the field's label
    text: str


def _texts() -> dict[str, str]:
    return {
        "date_in_future": _("The date is in the future, but it must have passed already."),
        "date_before_birth": _("The date is before the applicant was born."),
        "own_iin": _("This is the applicant's own IIN, where another person's is asked."),
        "child_is_adult": _("This IIN belongs to someone of 18 or over (born %(born)s)."),
        "not_a_child_in_registry": _(
            "The population registry does not list this IIN among the applicant's children."
        ),
        "same_address": _("The new address is the one the applicant is registered at already."),
        "document_still_valid": _(
            "The reason given is an expired document, but it is valid until %(expires_on)s."
        ),
    }


def hint_rows(case: Case, hints: CaseHints) -> list[HintRow]:
    texts = _texts()
    rows = []
    for found in hints.inconsistencies:
        spec: dict[str, Any] = case.service.form["properties"].get(found.field, {})
        text = texts.get(found.code, found.code)
        rows.append(HintRow(pick(spec.get("x-label")) or found.field, text % found.detail))
    return rows
