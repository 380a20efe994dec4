"""Offer rules (``catalog/offers/ID.yaml``): on a registry event, offer a service or a life
situation to the people it concerns, with the values the event and the registries settle.

This module holds the vocabulary of a rule (events, recipients, value sources) and checks
what the schema cannot say: the service or life situation exists, the answers fit its
questions, each value names a field of a service offered and a source this event has.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator

from qyzmet.catalog.documents import Document, Kind, Problem
from qyzmet.catalog.schema import field_path
from qyzmet.registries.fields import field_paths

RECIPIENTS: dict[str, str] = {  # event -> who it concerns
    "birth": "parents",
    "retirement": "person",
    "death": "heirs",
    "employment-ended": "person",
}
RELATIONSHIPS: dict[str, tuple[str, ...]] = {  # recipients -> what each is to the subject
    "parents": ("parent",),
    "person": ("self",),
    "heirs": ("spouse", "child", "parent"),
}
EVENT_SOURCES: dict[str, tuple[str, ...]] = {  # source -> the events that have it
    "event.subject.iin": tuple(RECIPIENTS),
    "event.date": tuple(RECIPIENTS),
    "event.reason": ("employment-ended",),
}
RELATIONSHIP = "recipient.relationship"


def offered_services(data: dict[str, Any], documents: Iterable[Document]) -> dict[str, Any]:
    """The service definitions a rule offers, by id: its service, or its life situation's."""
    by_kind: dict[tuple[Kind, str], Any] = {(d.kind, d.id): d.data for d in documents}
    if data.get("service"):
        slugs = [data["service"]]
    else:
        situation = by_kind.get((Kind.LIFE_SITUATION, data.get("life_situation", ""))) or {}
        slugs = [entry["service"] for entry in situation.get("services", [])]
    return {
        slug: by_kind[(Kind.SERVICE, slug)] for slug in slugs if (Kind.SERVICE, slug) in by_kind
    }


def _source_problem(source: str, event: str) -> str | None:
    if source in EVENT_SOURCES:
        if event not in EVENT_SOURCES[source]:
            return f"{source!r} is not known for a {event!r} event"
        return None
    if source == RELATIONSHIP or source in field_paths():
        return None
    return f"unknown source {source!r} (event.*, {RELATIONSHIP} or a registry field)"


def _fits(spec: dict[str, Any], value: Any) -> bool:
    return not list(Draft202012Validator(spec).iter_errors(value))


def _answer_problems(data: dict[str, Any], situation: dict[str, Any]) -> Iterable[tuple]:
    questions = {q["id"]: q for q in situation.get("questions", [])}
    for question_id, answer in (data.get("answers") or {}).items():
        question = questions.get(question_id)
        if question is None:
            yield ["answers", question_id], f"{question_id!r} is not a question of the situation"
            continue
        if question["kind"] == "boolean":
            fits = isinstance(answer, bool)
        else:
            fits = answer in {option["value"] for option in question["options"]}
        if not fits:
            yield ["answers", question_id], f"{answer!r} is not a possible answer"


def _value_problems(data: dict[str, Any], services: dict[str, Any]) -> Iterable[tuple]:
    event = data["event"]
    relationships = RELATIONSHIPS[data["to"]]
    for slug, fields in (data.get("values") or {}).items():
        service = services.get(slug)
        if service is None:
            yield ["values", slug], f"{slug!r} is not a service this rule offers"
            continue
        properties = service["form"]["properties"]
        for name, value in fields.items():
            where = ["values", slug, name]
            spec = properties.get(name)
            if spec is None:
                yield where, f"{name!r} is not a field of the form of {slug!r}"
                continue
            if isinstance(value, dict) and "value" in value:
                if not _fits(spec, value["value"]):
                    yield [*where, "value"], f"{value['value']!r} does not fit the field"
                continue
            source = value["from"] if isinstance(value, dict) else value
            if (message := _source_problem(source, event)) is not None:
                yield where, message
                continue
            for said, meant in (value.get("map") or {}).items() if isinstance(value, dict) else ():
                if source == RELATIONSHIP and said not in relationships:
                    yield [*where, "map", said], f"the recipient is never a {said!r}"
                elif not _fits(spec, meant):
                    yield [*where, "map", said], f"{meant!r} does not fit the field"


def offer_rule_problems(doc: Document, documents: list[Document]) -> list[Problem]:
    """Every problem of a schema-valid offer rule; references resolve in ``documents``."""
    data = doc.data
    found: list[tuple[list[Any], str]] = []
    if bool(data.get("service")) == bool(data.get("life_situation")):
        found.append(([], "offers either a 'service' or a 'life_situation'"))
    if RECIPIENTS[data["event"]] != data["to"]:
        found.append((["to"], f"a {data['event']!r} event concerns the "
                              f"{RECIPIENTS[data['event']]!r}"))  # fmt: skip
    ids = {(d.kind, d.id): d.data for d in documents}
    if data.get("service") and (Kind.SERVICE, data["service"]) not in ids:
        found.append((["service"], f"unknown service {data['service']!r}"))
    situation = ids.get((Kind.LIFE_SITUATION, data.get("life_situation", "")))
    if data.get("life_situation") and situation is None:
        found.append((["life_situation"], f"unknown life situation {data['life_situation']!r}"))
    if data.get("answers") and not data.get("life_situation"):
        found.append((["answers"], "only a life situation has questions to answer"))
    elif situation is not None:
        found.extend(_answer_problems(data, situation))
    if not found:
        found.extend(_value_problems(data, offered_services(data, documents)))
    return [
        Problem(doc.file, field_path(path) or "(top level)", message) for path, message in found
    ]
