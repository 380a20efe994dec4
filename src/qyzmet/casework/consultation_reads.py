"""What the consulted agency's officers read: their agency's consultations (open ones first,
the earliest term first), of each the form's fields its stage names while it is open, and the
record of each opening (an audit record and a line of the citizen's data tracker, as an
officer opening an attachment)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from qyzmet.audit.services import record_audit
from qyzmet.casework.consultation_models import Consultation, ConsultationOutcome
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.models import DataAccess

TRACKER_REGISTRY = "consultations"  # how a consulted officer's reading is named in the tracker
TRACKER_FIELD = "consultations.case"
TRACKER_SYSTEM = "backoffice"
STATES = ("open", "answered", "all")


def agency_consultations(officer: Any, *, state: str = "open") -> QuerySet[Consultation]:
    """The consultations asked of the officer's agency: ``open`` (waiting for its answer),
    ``answered`` (answered, or ended without an answer), or ``all``."""
    found = Consultation.objects.filter(agency_id=officer.agency_id).select_related(
        "case__service", "case__application", "case__agency", "answered_by"
    )
    if state == "open":
        return found.filter(outcome=ConsultationOutcome.OPEN).order_by("term_ends", "pk")
    if state == "answered":
        done = [ConsultationOutcome.ANSWERED, ConsultationOutcome.NO_ANSWER]
        return found.filter(outcome__in=done).order_by("-ended_at", "-pk")
    return found.order_by("-asked_at", "-pk")


def consulted_fields(consultation: Consultation) -> list[str]:
    """The form's fields the consulted agency's officers read of ``consultation``: those its
    stage names (``consult_fields`` in the catalogue) while it is open; none once it is
    answered, ended or void (they read its question and their answer alone), nor when the
    stage names none."""
    if consultation.outcome != ConsultationOutcome.OPEN:
        return []
    for stage in consultation.case.service.stages:
        if stage["stage"] == consultation.stage:
            return list(stage.get("consult_fields") or [])
    return []


def consulted_data(consultation: Consultation) -> dict[str, Any]:
    """The form's answers the consulted agency's officers read now (``consulted_fields``)."""
    data = consultation.case.data or {}
    return {name: data[name] for name in consulted_fields(consultation) if name in data}


def record_opening(*, consultation: Consultation, officer: Any, channel: str) -> None:
    """An officer of the consulted agency opened ``consultation``: audited (``access``: the
    message id of the tracker's line, so a proof of the record names it), and written to the
    data tracker of the citizen the case is about."""
    case = consultation.case
    message_id = uuid.uuid4().hex
    with transaction.atomic():
        audit = record_audit(
            actor=officer, action="consultation.opened", obj=case, channel=channel,
            details={"consultation": consultation.pk, "agency": consultation.agency.slug,
                     "access": message_id},
        )  # fmt: skip
        DataAccess.objects.create(
            message_id=message_id, client_agency=consultation.agency.slug,
            client_system=TRACKER_SYSTEM, subject=subject_digest(case.application.subject_iin),
            registry=TRACKER_REGISTRY, provider_agency=case.agency.slug, fields=[TRACKER_FIELD],
            purpose_kind=DataAccess.PurposeKind.CASE, purpose_ref=str(case.pk),
            outcome=DataAccess.Outcome.GRANTED, audit_record=audit.pk,
        )  # fmt: skip


def consulting(cases: QuerySet[Any], *, waiting: bool = True) -> QuerySet[Any]:
    """Of ``cases``, those whose decision waits for another agency's answer (``waiting``), or
    the others."""
    asked = Consultation.objects.filter(case=OuterRef("pk"), outcome=ConsultationOutcome.OPEN)
    return cases.filter(Exists(asked)) if waiting else cases.exclude(Exists(asked))


def consultations_of(case: Any) -> list[Consultation]:
    """The consultations of ``case``, in the order they were asked, for its own officers."""
    return list(case.consultations.select_related("agency", "answered_by"))
