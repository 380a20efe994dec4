"""The consulted agency's endpoints: the consultations asked of the officer's agency, one of
them (only what the answer needs: the service, the reference, the prepared decision and, while
it is open, the form's fields its stage names; its reading is written to the citizen's data
tracker), and the answer (agree, or object with a note), idempotent with an
``Idempotency-Key`` like every POST."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from qyzmet.api.callers import officer_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.schemas import RequestBody, Text
from qyzmet.applications.decisions import reason_parts
from qyzmet.callers.shapes import Shape
from qyzmet.casework.consultation_models import Consultation
from qyzmet.casework.consultation_reads import agency_consultations, consulted_data
from qyzmet.casework.consultations import (
    NOTE_MAX_LENGTH,
    answer_consultation,
    consultation_for_officer,
)
from qyzmet.core.texts import current_language
from qyzmet.core.written import as_text

router = Router(tags=["consultations"])
CHANNEL = "api"


class ConsultationOut(Shape):
    """A consultation asked of the officer's agency about a decision another agency prepared."""

    id: int
    application_reference: str
    service: str
    service_title: Text
    asked_by: str = Field(description="The agency that asks (its slug).")
    asked_at: datetime.datetime
    term_ends: datetime.date = Field(description="The last working day to answer.")
    outcome: Literal["open", "answered", "no_answer", "void"]
    answer: Literal["agree", "object"] | None
    note: str = Field(description="The answer's note, as written.")


class ConsultationDetail(ConsultationOut):
    decision: Literal["approve", "reject"] = Field(description="The decision prepared.")
    reason: str = Field(description="A prepared rejection's reason.")
    data: dict[str, Any] = Field(
        description="The application's answers the service names for the consulted agency "
        "(`consult_fields` of its stage), while the consultation is open; empty afterwards."
    )


class ConsultationFilters(Shape):
    state: Literal["open", "answered", "all"] = "open"


class ConsultationAnswerIn(RequestBody):
    answer: Literal["agree", "object"]
    note: str = Field(
        "", max_length=NOTE_MAX_LENGTH,
        description="Required to object: why. Officers read it, the citizen does not.",
    )  # fmt: skip


def consultation_out(consultation: Consultation) -> dict[str, Any]:
    case = consultation.case
    note = consultation.note[0] if consultation.note else {}
    return {
        "id": consultation.pk,
        "application_reference": case.application.reference,
        "service": case.service.slug,
        "service_title": case.service.title,
        "asked_by": case.agency.slug,
        "asked_at": consultation.asked_at,
        "term_ends": consultation.term_ends,
        "outcome": consultation.outcome,
        "answer": consultation.answer or None,
        "note": note.get("written", "") if isinstance(note, dict) else "",
    }


def consultation_detail(consultation: Consultation) -> dict[str, Any]:
    prepared = consultation.prepared
    reason = prepared.reason or {}
    parts = reason_parts(template=reason.get("template"), reason=reason.get("text") or "")
    return {
        **consultation_out(consultation),
        "decision": "approve" if prepared.approve else "reject",
        "reason": as_text(parts, current_language()) if parts else "",
        "data": consulted_data(consultation),
    }


@router.get("/consultations", response=list[ConsultationOut], openapi_extra=PAGED)
def list_consultations(
    request: HttpRequest,
    filters: Query[ConsultationFilters],
    page: Query[PageQuery],
    response: HttpResponse,
) -> list[dict[str, Any]]:
    """The consultations asked of the officer's agency: `open` ones (waiting for its answer),
    `answered` ones (answered, or ended without an answer), or `all`; a page at a time."""
    found_rows = agency_consultations(officer_of(request), state=filters.state)
    found, cursor = page_of(found_rows, page, order=("pk",))
    link_next(request, response, cursor)
    return [consultation_out(c) for c in found]


@router.get("/consultations/{consultation_id}", response=ConsultationDetail)
def get_consultation(request: HttpRequest, consultation_id: str) -> dict[str, Any]:
    """A consultation asked of the officer's agency, with what the answer needs. Reading it is
    written to the citizen's data tracker. The form's answers only while it is open. A 403
    for an officer of the agency that asks, a 404 for one of any other (as an unknown id)."""
    consultation = consultation_for_officer(
        officer=officer_of(request), consultation_id=consultation_id, channel=CHANNEL
    )
    return consultation_detail(consultation)


@router.post("/consultations/{consultation_id}/answer", response=ConsultationDetail)
def answer(
    request: HttpRequest, consultation_id: str, payload: ConsultationAnswerIn
) -> dict[str, Any]:
    """Answer a consultation: `agree`, or `object` with a `note`; the decision moves to its
    next stage and the asking agency's officers read the answer. A 409 when it is answered or
    its term ended already; a 403 for an officer of the agency that asks, a 404 for one of any
    other."""
    officer = officer_of(request)
    found = answer_consultation(
        consultation_id=consultation_id, officer=officer, agree=payload.answer == "agree",
        note=payload.note, channel=CHANNEL, language=current_language(),
    )  # fmt: skip
    return consultation_detail(
        Consultation.objects.select_related(
            "case__application", "case__service", "case__agency", "prepared"
        ).get(pk=found.pk)
    )
