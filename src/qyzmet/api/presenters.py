"""Applications and cases as the API shows them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qyzmet.applications.corrections import open_correction
from qyzmet.applications.decisions import reason_parts
from qyzmet.applications.fees import fees_of, submitted_fees
from qyzmet.applications.models import (
    Application,
    ApplicationStatus,
    Case,
    Reversal,
    StatusChange,
)
from qyzmet.applications.presets import Preset, preset_answers, preset_values
from qyzmet.applications.services import applicable_services
from qyzmet.applications.signatures import ApplicationSignature, signature_record
from qyzmet.audit.services import SYSTEM
from qyzmet.casework.consultation_reads import consultations_of
from qyzmet.casework.escalations import escalation_of
from qyzmet.casework.stages import stage_view
from qyzmet.core.errors import DomainError
from qyzmet.core.texts import pick
from qyzmet.core.written import as_text
from qyzmet.exchange.provider import registry_owner
from qyzmet.registries.presentation import Shown, present

OFFICER = "officer"  # who acted, as citizens and partners read it: never an officer's name


def actor_shown(change: StatusChange, *, citizen_id: Any, for_officers: bool) -> str:
    """Who made a history line: officers read the user name; citizens and partners read their
    own (``citizen_id``'s) or ``system``, and ``officer`` for anyone else (an officer's user
    name is theirs to keep, decision 65)."""
    if for_officers or change.actor_label == SYSTEM:
        return change.actor_label
    if change.actor_id is not None and change.actor_id == citizen_id:
        return change.actor_label
    return OFFICER


def history_line(
    change: StatusChange, *, for_officers: bool = False, citizen_id: Any = None
) -> dict[str, Any]:
    return {
        "at": change.at,
        "status": change.status,
        "case": change.case_id,
        "service": change.case.service.slug if change.case else None,
        "actor": actor_shown(change, citizen_id=citizen_id, for_officers=for_officers),
        "channel": change.channel,
        "note": change.note if for_officers else change.note_for_citizens,
    }


def case_out(case: Case, *, for_officers: bool = True) -> dict[str, Any]:
    return {
        "id": case.pk,
        "application": case.application_id,
        "application_reference": case.application.reference,
        "service": case.service.slug,
        "service_version": case.service.version,
        "service_title": case.service.title,
        "agency": case.agency.slug,
        "status": case.status,
        "due_date": case.due_date,
        "overdue": case.is_overdue(timezone.localdate()),
        "assigned_to": _assigned_to(case, for_officers=for_officers),
        "decision_reason": case.decision_reason,
        "decided_at": case.decided_at,
        "data": case.data,
        "checks": case.checks,
        "correction": correction_out(case),
        "stage": stage_out(case),
    }


def _assigned_to(case: Case, *, for_officers: bool) -> str | None:
    """The officer working the case: their user name for officers, ``officer`` for the
    citizen and partners; None while nobody is."""
    if case.assigned_to_id is None:
        return None
    return case.assigned_to.username if for_officers and case.assigned_to else OFFICER


def stage_out(case: Case) -> dict[str, Any] | None:
    view = stage_view(case)
    if view is None:
        return None
    return {"stage": view.stage, "role": view.role, "number": view.position + 1, "of": view.count}


def prepared_out(case: Case) -> dict[str, Any] | None:
    view = stage_view(case)
    prepared = view.prepared if view else None
    if prepared is None:
        return None
    reason = prepared.reason or {}
    parts = reason_parts(template=reason.get("template"), reason=reason.get("text") or "")
    return {
        "decision": "approve" if prepared.approve else "reject",
        "reason": as_text(parts, case.application.citizen.language) if parts else "",
        "prepared_by": prepared.prepared_by.username,
        "prepared_at": prepared.prepared_at,
    }


def correction_out(case: Case) -> dict[str, Any] | None:
    correction = open_correction(case)
    if correction is None:
        return None
    written = correction.message
    return {
        "items": correction.items,
        "message": written.get("written", ""),
        "message_language": written.get("language", ""),
        "sent_at": correction.sent_at,
        "term_ends": correction.term_ends,
    }


def reversal_out(reversal: Reversal) -> dict[str, Any]:
    return {
        "at": reversal.at,
        "decision": reversal.decision,
        "ground": reversal.ground,
        "reason": reversal.reason,
        "reason_language": reversal.reason_language or None,
        "officer": reversal.officer.username,
        "revoked_document": reversal.document_number or None,
    }


def case_detail(case: Case) -> dict[str, Any]:
    return {
        **case_out(case),
        "subject_iin": case.application.subject_iin,
        "registry_extract": case.registry_extract,
        "history": [history_line(h, for_officers=True) for h in case.history.all()],
        "reversals": [
            reversal_out(r) for r in case.reversals.select_related("officer").order_by("at")
        ],
        "signature": signature_out(case.application),
        "prepared_decision": prepared_out(case),
        "consultations": [case_consultation_out(c) for c in consultations_of(case)],
        "escalated_at": escalated.at if (escalated := escalation_of(case)) else None,
    }


def case_consultation_out(consultation: Any) -> dict[str, Any]:
    note = consultation.note[0] if consultation.note else {}
    return {
        "agency": consultation.agency.slug,
        "stage": consultation.stage,
        "asked_at": consultation.asked_at,
        "term_ends": consultation.term_ends,
        "outcome": consultation.outcome,
        "answer": consultation.answer or None,
        "note": note.get("written", "") if isinstance(note, dict) else "",
        "answered_by": consultation.answered_by.username if consultation.answered_by else None,
    }


def signature_out(application: Application) -> dict[str, Any] | None:
    kept = ApplicationSignature.objects.filter(application=application).first()
    return signature_record(kept) if kept else None


def application_out(application: Application) -> dict[str, Any]:
    return _application_out(
        application,
        life_situation=application.life_situation.slug if application.life_situation else None,
        service=application.service.slug if application.service else None,
    )


def listed_application_out(application: Application) -> dict[str, Any]:
    """``application_out`` of a row of ``selectors.applications_listed_for``, whose slugs the
    database read."""
    return _application_out(
        application,
        life_situation=application.life_situation_slug,  # type: ignore[attr-defined]
        service=application.service_slug,  # type: ignore[attr-defined]
    )


def _application_out(
    application: Application, *, life_situation: str | None, service: str | None
) -> dict[str, Any]:
    return {
        "id": application.pk,
        "reference": application.reference,
        "status": application.status,
        "life_situation": life_situation,
        "service": service,
        "subject_iin": application.subject_iin,
        "subject_bin": application.subject_bin or None,
        "ground": application.ground,
        "mandate": application.mandate_id,
        "made_by_iin": application.citizen.iin or "",
        "made_by_name": dict(application.mandate.representative_name or {})
        if application.mandate_id and application.mandate
        else {},
        "channel": application.channel,
        "created_at": application.created_at,
        "submitted_at": application.submitted_at,
    }


def _services(application: Application) -> list[str]:
    try:
        return [s.slug for s in applicable_services(application)]
    except DomainError:
        return []


def _fees(application: Application) -> dict[str, Any]:
    if application.status != ApplicationStatus.DRAFT:
        return submitted_fees(application).as_json()
    try:
        services = applicable_services(application)
    except DomainError:
        services = []
    return fees_of(application, services).as_json()


def display_of(shown: Shown) -> dict[str, Any]:
    """A registry value in words (``registries.presentation``, as the portal shows it)."""
    items = None
    if shown.items is not None:
        items = [
            {"text": item.text or item.plain(), "details": list(item.details)}
            for item in shown.items
        ]
    return {"text": shown.text, "details": list(shown.details), "items": items,
            "line": shown.plain()}  # fmt: skip


def prefilled_out(application: Application) -> list[dict[str, Any]]:
    """What the registries said about the application's subject: each value as it is, for
    programs, and in words in the request's language, for people."""
    return [
        {
            "field": path,
            "registry": path.split(".", 1)[0],
            "agency": registry_owner(path.split(".", 1)[0]),
            "value": value,
            "display": display_of(present(path, value)),
        }
        for path, value in application.prefill.items()
    ]


def _preset(preset: Preset, applied: bool, **where: str | None) -> dict[str, Any]:
    return {"question": None, "service": None, "field": None, **where, "value": preset.value,
            "says": pick(preset.says), "applied": applied}  # fmt: skip


def presets_out(application: Application) -> list[dict[str, Any]]:
    """The answers and form values the state pre-sets (``applications.presets``), each with
    what a person is told about where it came from, and whether the application has it."""
    situation = application.life_situation
    if situation is None:
        return []
    answers, data = application.answers, application.data
    found = [
        _preset(preset, answers.get(question) == preset.value, question=question)
        for question, preset in preset_answers(situation.questions, application.prefill).items()
    ]
    for slug, fields in preset_values(situation.definition, answers).items():
        values = data.get(slug) if isinstance(data.get(slug), dict) else {}
        found.extend(
            _preset(preset, values.get(name) == preset.value, service=slug, field=name)
            for name, preset in fields.items()
        )
    return found


def application_detail(application: Application) -> dict[str, Any]:
    return {
        **application_out(application),
        "answers": application.answers,
        "data": application.data,
        "services": _services(application),
        "prefilled": prefilled_out(application),
        "presets": presets_out(application),
        "cases": [case_out(c, for_officers=False) for c in application.cases.all()],
        "history": [
            history_line(h, citizen_id=application.citizen_id) for h in application.history.all()
        ],
        "fees": _fees(application),
    }
