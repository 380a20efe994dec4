"""Ending the cases not corrected within their term, as the catalogue says
(``correction.on_expiry``: rejected or withdrawn, with the catalogue's reason): the daily job
``end_uncorrected_cases``."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.correction_models import Correction, CorrectionOutcome
from qyzmet.applications.corrections import restart_clock
from qyzmet.applications.history import record_status, refresh_application_status
from qyzmet.applications.models import Case, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.core.texts import pick
from qyzmet.core.written import as_text
from qyzmet.notifications.events import notify_case_decided


def _end_one(correction_id: int, today: datetime.date) -> bool:
    with transaction.atomic():
        correction = (
            Correction.objects.select_for_update()
            .select_related("case__service", "case__application__citizen", "case__agency")
            .get(pk=correction_id)
        )
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application__citizen", "service", "agency")
            .get(pk=correction.case_id)
        )
        if correction.outcome != CorrectionOutcome.OPEN or correction.term_ends >= today:
            return False  # ended already (another run, or the citizen resubmitted)
        if case.status != CaseStatus.SENT_BACK:  # withdrawn by the citizen meanwhile
            correction.outcome, correction.ended_at = CorrectionOutcome.WITHDRAWN, timezone.now()
            correction.save(update_fields=["outcome", "ended_at"])
            return False
        term = case.service.correction or {}
        reject = term.get("on_expiry", "reject") == "reject"
        now = timezone.now()
        restart_clock(case, correction, now)
        correction.outcome = CorrectionOutcome.EXPIRED
        correction.save(update_fields=["outcome", "ended_at", "paused_working_days"])
        reason = term.get("reason") or {}
        case.status = CaseStatus.REJECTED if reject else CaseStatus.WITHDRAWN
        case.decision_reason_parts = [reason] if reason else []
        case.decision_reason = as_text(
            case.decision_reason_parts, case.application.citizen.language
        )
        case.decided_at = now if reject else None
        case.save(
            update_fields=[
                "status", "decision_reason", "decision_reason_parts", "decided_at", "due_date",
                "time_in_correction",
            ]
        )  # fmt: skip
        record_status(
            application=case.application, case=case, status=case.status, actor=None,
            channel="system", note=pick(reason) if reason else "",
        )  # fmt: skip
        refresh_application_status(application=case.application, actor=None, channel="system")
        record_audit(
            actor=None,
            action="case.correction_expired",
            obj=case,
            channel="system",
            details={"term_ends": str(correction.term_ends), "ended": case.status},
        )
        notify_case_decided(case=case)  # delivered after commit
    return True


def end_uncorrected_cases(*, today: datetime.date | None = None) -> int:
    """End every case whose correction term passed (the last day to resubmit was before
    ``today``) as its service's catalogue says. Each is ended in its own transaction with the
    case locked, so two runs at once end it once; returns how many this run ended."""
    today = today or timezone.localdate()
    due = Correction.objects.filter(outcome=CorrectionOutcome.OPEN, term_ends__lt=today)
    return sum(_end_one(pk, today) for pk in due.order_by("pk").values_list("pk", flat=True))
