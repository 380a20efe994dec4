"""Who may read and decide an appeal: an officer of the body that decides it with the role
``appeals`` (another agency's officer is told it is not found), who took no part in the
decision appealed (nor, for a complaint about a delay, in the case late). Each refusal is
audited."""

from __future__ import annotations

from typing import Any

from qyzmet.audit.services import record_audit
from qyzmet.casework.appeal_models import Appeal, AppealKind
from qyzmet.casework.appeal_selectors import officers_of_decision, with_documents
from qyzmet.casework.roles import has_role
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import Forbidden, NotFound

APPEALS_ROLE = "appeals"


def may_decide_appeals(officer: Any, body: Agency) -> bool:
    """Whether ``officer`` decides appeals for ``body``: an officer of it with the role."""
    return bool(
        getattr(officer, "is_active", False)
        and getattr(officer, "agency_id", None) == body.pk
        and has_role(officer, APPEALS_ROLE)
    )


def ensure_decides_appeal(*, appeal: Appeal, officer: Any, channel: str) -> None:
    """Refuse (and audit) an officer who does not decide appeals for the appeal's body: one of
    an agency with no part in it is told it is not found, as for an id that does not exist (no
    oracle of other bodies' appeals); one of the body without the role ``appeals``, or of the
    case's agency when a higher body decides, is forbidden."""
    if not may_decide_appeals(officer, appeal.body):
        record_audit(
            actor=officer,
            action="appeal.access_denied",
            obj=appeal.case,
            channel=channel,
            details={"appeal": appeal.pk, "body": appeal.body.slug},
        )
        if getattr(officer, "agency_id", None) not in (appeal.body_id, appeal.case.agency_id):
            raise NotFound("not_found.appeal")
        raise Forbidden("appeal.not_allowed")


def took_part_in_decision(appeal: Appeal, officer: Any) -> bool:
    """Whether ``officer`` decided, prepared or signed off the decision ``appeal`` challenges
    or, for a complaint about a delay, sits on the case or acted on it."""
    return getattr(officer, "pk", None) in officers_of_decision(appeal)


def conflict_code(appeal: Appeal) -> str:
    """The code that tells an officer of ``appeal`` why they may not decide it."""
    return "appeal.own_decision" if appeal.kind == AppealKind.DECISION else "appeal.own_delay"


def ensure_no_conflict(*, appeal: Appeal, officer: Any, channel: str) -> None:
    """Refuse (and audit) an officer who took part in the decision appealed: nobody decides an
    appeal against their own decision (``appeal.own_decision``), nor a complaint about a delay
    of a case they are assigned to or acted on (``appeal.own_delay``)."""
    if took_part_in_decision(appeal, officer):
        record_audit(
            actor=officer,
            action="appeal.conflict_refused",
            obj=appeal.case,
            channel=channel,
            details={"appeal": appeal.pk, "decision": appeal.decision},
        )
        raise Forbidden(conflict_code(appeal))


def appeal_of(*, appeal_id: Any, officer: Any, channel: str) -> Appeal:
    """The appeal ``appeal_id`` for an officer who decides it (``NotFound`` also for another
    body's, audited; ``Forbidden`` without the role; an id that is not a number, as a link
    mistyped, is not found either)."""
    if not (str(appeal_id).isdigit() and len(str(appeal_id)) <= 18):
        raise NotFound("not_found.appeal")
    appeal = (
        with_documents(
            Appeal.objects.select_related(
                "case__application__citizen", "case__service", "case__agency", "body", "officer"
            )
        )
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise NotFound("not_found.appeal")
    ensure_decides_appeal(appeal=appeal, officer=officer, channel=channel)
    return appeal
