"""Appeals closed by what happens to their case meanwhile, with nothing left to decide: a
complaint about a delay once the case is decided (``moot``: the citizen is told, and may now
appeal the decision within its term, which an open complaint would block), and any appeal of a
case withdrawn (``withdrawn``). Called inside the transaction of every status change of a case
(``applications.history.on_case_status``); each closing is a line of the case's history and
audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qyzmet.applications.history import record_case_event
from qyzmet.applications.models import DECIDED_CASE_STATUSES, Case, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.casework.appeal_models import Appeal, AppealKind, AppealOutcome
from qyzmet.notifications.events import notify_appeal_decided

CHANNEL = "system"
CLOSED_EVENT = "appeal_closed"


def _closing(case: Case) -> tuple[Any, str] | None:
    """Which open appeals of ``case`` its new status closes, and as what."""
    if case.status in DECIDED_CASE_STATUSES:
        return Appeal.objects.filter(kind=AppealKind.DELAY), AppealOutcome.MOOT
    if case.status == CaseStatus.WITHDRAWN:
        return Appeal.objects.all(), AppealOutcome.WITHDRAWN
    return None


def close_moot_appeals(case: Case) -> int:
    """Close the open appeals of ``case`` its status leaves nothing to decide; how many."""
    closing = _closing(case)
    if closing is None:
        return 0
    rows, outcome = closing
    found = list(
        rows.select_for_update(of=("self",))
        .filter(case=case, outcome=AppealOutcome.OPEN)
        .select_related("body")
    )
    for appeal in found:
        appeal.outcome = outcome
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["outcome", "decided_at"])
        record_case_event(case=case, event=CLOSED_EVENT, actor=None, channel=CHANNEL)
        record_audit(
            actor=None, action="appeal.closed", obj=case, channel=CHANNEL,
            details={"appeal": appeal.pk, "kind": appeal.kind, "outcome": outcome,
                     "case_status": case.status},
        )  # fmt: skip
        if outcome == AppealOutcome.MOOT:  # a withdrawal is the citizen's own act
            notify_appeal_decided(case=case, appeal=appeal)  # delivered after commit
    return len(found)
