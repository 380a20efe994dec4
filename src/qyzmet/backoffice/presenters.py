"""What an officer reads on the queue and the case page: form values under their labels,
registry values with the registry they came from, check outcomes, statuses, all in the
officer's language. Presentation only: nothing here decides anything."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qyzmet.applications.models import Case, StatusChange
from qyzmet.audit.services import SYSTEM
from qyzmet.core.identifiers import masked_iin
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
    "visit_booked": _("visit booked"),
    "visit_moved": _("visit moved"),
    "visit_cancelled": _("visit cancelled"),
    "visit_happened": _("visit made"),
    "visit_missed": _("visit missed: nobody came"),
    "sent_back": _("sent back for correction"),
    "corrected": _("corrected by the citizen"),
    "stage_prepared": _("decision prepared, waiting for sign-off"),
    "stage_signed": _("signed off, passed to the next stage"),
    "stage_returned": _("decision returned to review"),
    "consultation_asked": _("another agency consulted"),
    "consultation_replied": _("the consulted agency answered"),
    "consultation_lapsed": _("no answer from the consulted agency in term"),
    "case_escalated": _("escalated: the legal deadline is near"),
    "appealed": _("decision appealed by the citizen"),
    "complained": _("complaint about a delay"),
    "appeal_upheld": _("appeal upheld"),
    "appeal_dismissed": _("appeal dismissed"),
    "appeal_closed": _("appeal closed: nothing left to decide"),
    "fee_reassessed": _("fee re-assessed after the correction"),
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


def reference(case: Case) -> str:
    """The application's reference, as the citizen reads it on every channel."""
    return case.application.reference or short_id(case)


def applicant_name(case: Case) -> str:
    citizen = case.application.citizen
    return citizen.get_full_name() or citizen.username


def applicant_iin(case: Case) -> str:
    """The applicant's IIN masked (``9001******34``): enough to tell two namesakes apart on a
    list, not enough to copy; the case page shows it whole."""
    iin = case.application.citizen.iin
    return masked_iin(iin) if iin else ""


def check_rows(case: Case) -> list[CheckRow]:
    return [
        CheckRow(
            name=outcome["check"],
            passed=bool(outcome["passed"]),
            message=pick(outcome.get("message")),
        )
        for outcome in case.checks
    ]


def history_actor(change: StatusChange, case: Case) -> str:
    """Who made a line of the history, as a person reads it: "Applicant: Темирлан Бекетов",
    "Officer: Айгерим Нурланова", "System" (never a pseudonymous user name)."""
    actor = change.actor
    if actor is None:
        return str(_("System")) if change.actor_label == SYSTEM else change.actor_label
    name = actor.get_full_name() or actor.username
    if actor.pk == case.application.citizen_id:
        return str(_("Applicant: %(name)s") % {"name": name})
    if getattr(actor, "agency_id", None) is not None:
        return str(_("Officer: %(name)s") % {"name": name})
    if actor.is_staff:
        return str(_("Operator: %(name)s") % {"name": name})
    return str(_("Citizen: %(name)s") % {"name": name})
