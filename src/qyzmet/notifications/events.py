"""Telling citizens what happened to their applications: one function per event, called by the
applications domain inside the transaction of the change (delivery waits for the commit).

Applications and cases are passed in, never imported, so the two domain apps do not import
each other at import time. Each event goes to the channels that reach the citizen (their inbox,
and a linked messenger chat), chosen by ``citizen_channels``; for an application a
representative made under a mandate, to the principal too (``principal_of``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from qyzmet.formats import date_text
from qyzmet.notifications.models import Notification
from qyzmet.notifications.services import Outbox, citizen_channels, notify


def reference(application: Any) -> str:
    """The short number citizens see: the application's reference (``QZ-7K4M-2P9X``)."""
    return str(application.reference)


def principal_of(application: Any, *, outbox: Outbox | None = None) -> Any | None:
    """The account of the principal a representative applied for under a mandate, if they have
    one: they follow the application and receive its results too (asked once for the
    notifications gathered in one ``outbox``)."""
    if not getattr(application, "mandate_id", None):
        return None
    if outbox is not None and application.pk in outbox.principals:
        return outbox.principals[application.pk]
    users = get_user_model().objects.filter(iin=application.subject_iin, is_active=True)
    principal = users.exclude(pk=application.citizen_id).first()
    if outbox is not None:
        outbox.principals[application.pk] = principal
    return principal


def _to_both(
    *, application: Any, case: Any | None = None, outbox: Outbox | None = None, **message: Any
) -> list[Notification]:
    """The message to the citizen who applied and to the principal they applied for
    (``outbox``: gathered there, as ``notify`` does)."""
    sent = []
    for recipient in (application.citizen, principal_of(application, outbox=outbox)):
        if recipient is not None:
            sent += notify(
                recipient=recipient, channels=citizen_channels(recipient, outbox=outbox),
                application=application, case=case, outbox=outbox, **message,
            )  # fmt: skip
    return sent


def _case_context(case: Any) -> dict[str, Any]:
    return {
        "service": case.service.title,
        "agency": case.agency.name,
        "number": reference(case.application),
    }


def notify_application_submitted(
    *, application: Any, outbox: Outbox | None = None
) -> list[Notification]:
    """The application is received (``outbox``: gathered there, as ``notify`` does)."""
    title = (application.life_situation or application.service).title
    context = {"title": title, "number": reference(application)}
    sent = notify(
        recipient=application.citizen,
        channels=citizen_channels(application.citizen, outbox=outbox),
        kind="application.submitted",
        context=context,
        application=application,
        outbox=outbox,
    )
    principal = principal_of(application, outbox=outbox)
    if principal is not None:
        representative = application.citizen.get_full_name() or application.citizen.username
        sent += notify(
            recipient=principal, channels=citizen_channels(principal, outbox=outbox),
            kind="application.submitted_for_you",
            context={**context, "representative": representative}, application=application,
            outbox=outbox,
        )  # fmt: skip
    return sent


def notify_case_decided(*, case: Any, outbox: Outbox | None = None) -> list[Notification]:
    """Approved, or rejected with the reason the agency gave (``outbox``: as ``notify``)."""
    return _to_both(
        kind="case.decided",
        context={**_case_context(case), "outcome": case.status, "reason": case.reason_parts},
        application=case.application,
        case=case,
        outbox=outbox,
    )


def notify_case_reversed(
    *,
    case: Any,
    decision: str,
    ground: dict[str, str],
    reason: dict[str, str],
    document_number: str,
) -> list[Notification]:
    """The approval or rejection of ``case`` was reversed on ``ground`` (a text in the three
    languages) for ``reason`` (a ``core.written`` part: as the officer wrote it, with its
    language); its result document, if any, is revoked; a new decision will follow."""
    revoked = (
        {
            "kk": f"№ {document_number} нәтиже құжаты кері қайтарылды, ол енді жарамсыз.\n",
            "ru": f"Документ о результате № {document_number} отозван и больше не действует.\n",
            "en": f"The result document no. {document_number} is revoked and no longer valid.\n",
        }
        if document_number
        else ""
    )
    return _to_both(
        kind="case.reversed",
        context={
            **_case_context(case),
            "decision": decision,
            "ground": ground,
            "reason": reason,  # as the officer wrote it, marked with its language
            "document": document_number,
            "revoked": revoked,
        },
        application=case.application,
        case=case,
    )


def notify_case_overdue(*, case: Any) -> list[Notification]:
    return _to_both(
        kind="case.overdue",
        context={**_case_context(case), "due_date": date_text(case.due_date)},
        application=case.application,
        case=case,
    )


def notify_visit_reminder(*, visit: Any) -> list[Notification]:
    """The day before a visit to a service centre: when, where, and what for."""
    case = visit.case
    return _to_both(
        kind="visit.reminder",
        context={
            "date": date_text(visit.starts_at),
            "time": date_text(visit.starts_at, "TIME_FORMAT"),
            "centre": visit.centre.name,
            "address": visit.centre.address,
            "purpose": case.service.visit["purpose"],
            "number": reference(case.application),
        },
        application=case.application,
        case=case,
    )


def notify_case_sent_back(*, case: Any, correction: Any) -> list[Notification]:
    """``case`` was sent back for correction: what to change (the form's field labels, in
    the reader's language), the officer's message as written, and the last day to resubmit."""
    properties = case.service.form.get("properties", {})
    labels = [properties.get(name, {}).get("x-label") or {} for name in correction.field_names]
    fields = {
        language: ", ".join(label.get(language) or name for label, name in
                            zip(labels, correction.field_names, strict=True))
        for language in ("kk", "ru", "en")
    }  # fmt: skip
    return _to_both(
        kind="case.sent_back",
        context={
            **_case_context(case),
            "fields": fields,
            "message": list(correction.message_parts),
            "term_ends": date_text(correction.term_ends),
        },
        application=case.application,
        case=case,
    )


def notify_case_appealed(*, case: Any, appeal: Any) -> list[Notification]:
    """The citizen's appeal (or complaint about a delay) of ``case`` is received: who decides
    it and by when."""
    return _to_both(
        kind="case.appealed",
        context={
            **_case_context(case),
            "kind": appeal.kind,
            "body": appeal.body.name,
            "due_date": date_text(appeal.due_date),
        },
        application=case.application,
        case=case,
    )


def notify_appeal_decided(*, case: Any, appeal: Any) -> list[Notification]:
    """The appeals body dismissed the appeal of ``case`` (its reasons as written), or upheld a
    complaint about its delay. An appeal upheld against a decision is
    told by the reversal it makes (``notify_case_reversed``, ground: appeal upheld)."""
    return _to_both(
        kind="case.appeal_decided",
        context={
            **_case_context(case),
            "outcome": appeal.outcome,
            "body": appeal.body.name,
            "reason": appeal.outcome_reason,  # as the officer wrote it, marked with its language
        },
        application=case.application,
        case=case,
    )
