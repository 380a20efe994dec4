"""What an officer reads on the queue and the case page: form values under their labels,
registry values with the registry they came from, check outcomes, statuses, all in the
officer's language. Presentation only: nothing here decides anything."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qyzmet.applications.models import Case
from qyzmet.core.texts import pick

STATUS_LABELS = {
    "draft": _("draft"),
    "awaiting_payment": _("awaiting payment"),
    "submitted": _("submitted"),
    "in_review": _("in review"),
    "approved": _("approved"),
    "partially_approved": _("partially approved"),
    "rejected": _("rejected"),
    "withdrawn": _("withdrawn"),
    "reversed": _("decision reversed"),
}


@dataclass(frozen=True)
class CheckRow:
    name: str
    passed: bool
    message: str


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def is_overdue(case: Case, today: datetime.date) -> bool:
    """As the queue's "overdue" filter means it: still waiting, and past its due date."""
    return case.is_overdue(today)


def short_id(case: Case) -> str:
    return str(case.id)[:8].upper()


def applicant_name(case: Case) -> str:
    citizen = case.application.citizen
    return citizen.get_full_name() or citizen.username


def check_rows(case: Case) -> list[CheckRow]:
    return [
        CheckRow(
            name=outcome["check"],
            passed=bool(outcome["passed"]),
            message=pick(outcome.get("message")),
        )
        for outcome in case.checks
    ]
