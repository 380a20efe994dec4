"""Telling citizens what happened to their applications: one function per event, called by the
applications domain inside the transaction of the change (delivery waits for the commit).

Applications and cases are passed in, never imported, so the two domain apps do not import
each other at import time. Each event goes to the channels that reach the citizen (their inbox,
and a linked messenger chat), chosen by ``citizen_channels``."""

from __future__ import annotations

from typing import Any

from qyzmet.notifications.models import Notification
from qyzmet.notifications.services import citizen_channels, notify


def reference(application: Any) -> str:
    """The short number citizens see: the start of the application's reference."""
    return str(application.pk)[:8]


def _case_context(case: Any) -> dict[str, Any]:
    return {
        "service": case.service.title,
        "agency": case.agency.name,
        "number": reference(case.application),
    }


def notify_application_submitted(*, application: Any) -> list[Notification]:
    title = (application.life_situation or application.service).title
    return notify(
        recipient=application.citizen,
        channels=citizen_channels(application.citizen),
        kind="application.submitted",
        context={"title": title, "number": reference(application)},
        application=application,
    )


def notify_case_decided(*, case: Any) -> list[Notification]:
    """Approved, or rejected with the reason the agency gave."""
    return notify(
        recipient=case.application.citizen,
        channels=citizen_channels(case.application.citizen),
        kind="case.decided",
        context={**_case_context(case), "outcome": case.status, "reason": case.decision_reason},
        application=case.application,
        case=case,
    )


def notify_case_reversed(
    *, case: Any, decision: str, ground: dict[str, str], reason: str, document_number: str
) -> list[Notification]:
    """The approval or rejection of ``case`` was reversed on ``ground`` (a text in the three
    languages); its result document, if any, is revoked; a new decision will follow."""
    revoked = (
        {
            "kk": f"№ {document_number} нәтиже құжаты кері қайтарылды, ол енді жарамсыз.\n",
            "ru": f"Документ о результате № {document_number} отозван и больше не действует.\n",
            "en": f"The result document no. {document_number} is revoked and no longer valid.\n",
        }
        if document_number
        else ""
    )
    return notify(
        recipient=case.application.citizen,
        channels=citizen_channels(case.application.citizen),
        kind="case.reversed",
        context={
            **_case_context(case),
            "decision": decision,
            "ground": ground,
            "reason": reason,
            "document": document_number,
            "revoked": revoked,
        },
        application=case.application,
        case=case,
    )


def notify_case_overdue(*, case: Any) -> list[Notification]:
    return notify(
        recipient=case.application.citizen,
        channels=citizen_channels(case.application.citizen),
        kind="case.overdue",
        context={**_case_context(case), "due_date": f"{case.due_date:%d.%m.%Y}"},
        application=case.application,
        case=case,
    )
