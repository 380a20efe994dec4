"""Suggesting values for an application's draft from what the citizen wrote: each value is
marked as suggested, with where it came from, for the citizen to check. The assistant never
submits anything; the channel shows the suggestions or puts them into the draft, where the
citizen sees and can change them.

Which field a value suits is read from the form itself, so a new service needs no code: a
field's ``format`` (``iin``, ``date``), its name (``child_iin``, ``seller_iin``, ``vin``,
``cadastral_number``, ``iban``, ``move_date``, ``purchase_date``...) and its type."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from qyzmet.assistant.catalogue import current_corpus
from qyzmet.assistant.extraction import Found, extract
from qyzmet.assistant.languages import detect_language
from qyzmet.assistant.models import RecordKind
from qyzmet.assistant.records import record_answer
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import life_situation_version, service_version
from qyzmet.core.errors import NotFound

VERSION = "prefill-1 (patterns)"
DATE_FIELDS = {  # a date field's name → the events whose date it takes
    "move_date": ("move",),
    "purchase_date": ("purchase",),
    "contract_date": ("purchase",),
    "date_of_death": ("death",),
    "child_birth_date": ("birth",),
    "job_end_date": ("job_end",),
    "last_job_end_date": ("job_end",),
    "desired_date": ("wedding",),
}
IIN_ROLES = {"child": "child", "seller": "seller", "partner": "partner", "deceased": "deceased"}
TEXT_FIELDS = {  # a free-text field's name → the kind of value it takes
    "service_centre": "city",
    "registry_office": "city",
    "place_of_birth": "city",
    "place_of_death": "city",
    "vin": "vin",
    "cadastral_number": "cadastral_number",
    "iban": "iban",
}


@dataclass(frozen=True)
class SuggestedValue:
    service: str
    field: str
    value: Any
    kind: str  # what it is: date, iin, city, amount, vin, cadastral_number, iban
    suggested: bool = True  # always: the citizen checks it; the assistant never submits

    def as_json(self) -> dict[str, Any]:
        return {"service": self.service, "field": self.field, "value": self.value,
                "kind": self.kind, "suggested": self.suggested}  # fmt: skip


@dataclass(frozen=True)
class Prefill:
    values: list[SuggestedValue]
    hints: list[dict[str, Any]] = field(default_factory=list)  # understood, no field for it
    language: str = ""
    id: Any = None  # the record

    def data(self) -> dict[str, dict[str, Any]]:
        """The values as an application's ``data``: per service, field → value."""
        grouped: dict[str, dict[str, Any]] = {}
        for value in self.values:
            grouped.setdefault(value.service, {})[value.field] = value.value
        return grouped


def _fits(name: str, spec: dict[str, Any], item: Found) -> bool:
    if item.kind == "iin":
        return spec.get("format") == "iin" and bool(item.role) and IIN_ROLES[item.role] in name
    if item.kind == "date":
        return spec.get("format") == "date" and item.role in DATE_FIELDS.get(name, ())
    if item.kind == "amount":
        return spec.get("type") in ("integer", "number") and "capital" in name
    return TEXT_FIELDS.get(name) == item.kind and spec.get("type") == "string"


def suggest_values(versions: list[ServiceVersion], found: list[Found]) -> list[SuggestedValue]:
    """For each field of each form, the first thing found that fits it."""
    values = []
    for version in versions:
        for name, spec in version.form["properties"].items():
            if spec.get("x-prefill"):
                continue  # the registries fill it
            item = next((f for f in found if _fits(name, spec, f)), None)
            if item is not None:
                values.append(SuggestedValue(version.slug, name, item.value, item.kind))
    return values


def _versions(life_situation: str | None, service: str | None) -> list[ServiceVersion]:
    if life_situation:
        situation = life_situation_version(life_situation)
        if situation is None:
            raise NotFound("not_found.life_situation")
        slugs = [entry["service"] for entry in situation.definition["services"]]
        return [v for v in (service_version(slug) for slug in slugs) if v is not None]
    version = service_version(service or "")
    if version is None:
        raise NotFound("not_found.service")
    return [version]


def extract_prefill(
    *,
    text: str,
    channel: str,
    life_situation: str | None = None,
    service: str | None = None,
    conversation: str = "",
) -> Prefill:
    """Values for the forms of ``life_situation`` (its services) or ``service`` that
    ``text`` gives, each marked suggested, and hints understood without a field to fill
    (the city, the car, the home). Recorded without the values."""
    started = time.perf_counter()
    versions = _versions(life_situation, service)
    found = extract(text[:2000], today=timezone.localdate())
    values = suggest_values(versions, found)
    used = {(v.kind, str(v.value)) for v in values}
    hints = [
        {"kind": f.kind, "value": f.value}
        for f in found
        if f.kind in ("city", "vehicle", "vehicle_year", "home", "amount", "plate")
        and (f.kind, str(f.value)) not in used
    ]
    corpus = current_corpus()
    language = detect_language(text, corpus.vocabulary).language
    record = record_answer(
        kind=RecordKind.PREFILL,
        text=text,
        channel=channel,
        conversation=conversation,
        language=language,
        backend="prefill",
        backend_version=VERSION,
        catalog_digest=corpus.digest,
        output=[{"service": v.service, "field": v.field, "kind": v.kind} for v in values]
        + [{"hint": h["kind"]} for h in hints],
        started=started,
        vocabulary=corpus.vocabulary,
    )
    return Prefill(values=values, hints=hints, language=language, id=record.id)
