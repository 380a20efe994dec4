"""The assistant for partners: a citizen's own words → life situations and services."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router

from qyzmet.api.callers import channel_of, require
from qyzmet.api.problems import NOT_BLANK
from qyzmet.api.schemas import RequestBody, Text
from qyzmet.assistant.prefill import extract_prefill
from qyzmet.assistant.routing import route_request
from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Invalid

router = Router(tags=["assistant"])


def conversation_of(request: HttpRequest, reference: str) -> str:
    """The caller's chat or session reference, in its channel's own namespace (one partner
    cannot link another's answers); "" when the caller gave none."""
    return f"{channel_of(request)}:{reference}" if reference else ""


class RouteIn(RequestBody):
    text: str = Field(
        min_length=1, max_length=2000, pattern=NOT_BLANK, description="What the citizen wrote."
    )
    language: Literal["kk", "ru", "en"] | None = Field(
        None, description="The language to ask a clarifying question in (default: the text's)."
    )
    conversation: str = Field(
        "",
        max_length=200,
        description="Your reference of the chat or session (kept hashed); send it again when "
        "starting the application (`POST /applications`) to link it to this answer.",
    )


class SuggestionOut(Shape):
    kind: Literal["life_situation", "service"]
    id: str
    title: Text
    score: float = Field(description="Probability that this is what the citizen means, 0-1.")


class RoutingOut(Shape):
    id: uuid.UUID = Field(description="The assistant's record of this answer (for audits).")
    language: str = Field(description="Language detected: kk, ru, en or another ISO 639-1.")
    status: Literal["confident", "unsure", "no_match"]
    confidence: float = Field(description="The first suggestion's probability.")
    question: str = Field(description="When unsure: the question naming the top choices.")
    suggestions: list[SuggestionOut] = Field(description="Best first, at least three.")


@router.post("/assistant/route", response=RoutingOut)
def route(request: HttpRequest, payload: RouteIn) -> dict[str, Any]:
    """Map a citizen's own words (Kazakh in Cyrillic or Latin script, Russian, English) to
    life situations and services, best first, with a confidence; when unsure, the question
    to ask. It suggests only: the citizen chooses. Every answer is recorded for audits,
    without the words in clear."""
    require(request, "catalog:read")
    routing = route_request(
        text=payload.text,
        channel=channel_of(request),
        language_hint=payload.language,
        conversation=conversation_of(request, payload.conversation),
    )
    return {
        "id": routing.id,
        "language": routing.language,
        "status": routing.status,
        "confidence": routing.confidence,
        "question": routing.question,
        "suggestions": [
            {"kind": s.kind, "id": s.id, "title": s.title, "score": s.score}
            for s in routing.suggestions
        ],
    }


class PrefillIn(RequestBody):
    text: str = Field(
        min_length=1, max_length=2000, pattern=NOT_BLANK, description="What the citizen wrote."
    )
    life_situation: str | None = Field(None, description="Life situation id, or...")
    service: str | None = Field(None, description="...one service id.")


class SuggestedValueOut(Shape):
    service: str
    field: str = Field(description="The form field (see the service's form).")
    value: Any
    kind: str = Field(description="date, iin, city, amount, vin, cadastral_number, iban")
    suggested: Literal[True] = Field(description="Always: the citizen must check it.")


class PrefillHintOut(Shape):
    kind: str = Field(description="city, vehicle, vehicle_year, home, amount, plate")
    value: Any


class PrefillOut(Shape):
    id: uuid.UUID = Field(description="The assistant's record of this answer (for audits).")
    language: str
    values: list[SuggestedValueOut] = Field(
        description="Values for the application's data, to show the citizen as suggestions."
    )
    hints: list[PrefillHintOut] = Field(description="Understood, with no field to fill.")


@router.post("/assistant/prefill", response=PrefillOut)
def prefill(request: HttpRequest, payload: PrefillIn) -> dict[str, Any]:
    """Values the citizen's words give for the forms of a life situation (its services) or
    of one service: dates, IINs, the city, amounts, VIN, cadastral number, IBAN. Each is a
    suggestion for the citizen to check before it goes into the application's ``data``;
    nothing is submitted. Recorded without the values."""
    require(request, "catalog:read")
    if bool(payload.life_situation) == bool(payload.service):
        raise Invalid("choose_one_of_situation_or_service")
    found = extract_prefill(
        text=payload.text,
        channel=channel_of(request),
        life_situation=payload.life_situation,
        service=payload.service,
    )
    return {
        "id": found.id,
        "language": found.language,
        "values": [v.as_json() for v in found.values],
        "hints": found.hints,
    }
