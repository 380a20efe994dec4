"""The answers and form values an offer rule sets in advance, worked out for one offer: from
the event (the subject's IIN, the date, the reason), from what the recipient is to the
subject, and from the registries (read for the recipient through the exchange, for the offer).
A value that is unknown is left out, so the citizen is asked for it."""

from __future__ import annotations

from typing import Any

from qyzmet.catalog.offer_rules import RELATIONSHIP
from qyzmet.exchange.client import platform_client, request_registry_data
from qyzmet.exchange.messages import Purpose
from qyzmet.registries.fields import field_paths


def _source(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    return value.get("from") if isinstance(value, dict) else None


def _key(found: Any) -> str:
    """A value as a key of a ``map`` (the catalogue is stored as JSON: true, not True)."""
    return ("true" if found else "false") if isinstance(found, bool) else str(found)


def registry_sources(definition: dict[str, Any]) -> list[str]:
    """The registry fields an offer rule's values come from: its exchange policy."""
    rules = definition.get("values") or {}
    known = field_paths()
    return sorted(
        {s for fields in rules.values() for v in fields.values() if (s := _source(v)) in known}
    )


def preset_values(offer: Any) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(answers, data per service) that ``offer``'s rule fills in for its citizen."""
    definition = offer.rule_version.definition
    event = offer.event
    rules = definition.get("values") or {}
    paths = registry_sources(definition)
    registry = (
        request_registry_data(
            client=platform_client("offers"),
            subject=offer.citizen_iin,
            fields=paths,
            purpose=Purpose(kind="offer", ref=str(offer.pk)),
        )
        if paths
        else {}
    )
    known = {
        "event.subject.iin": event.subject_iin,
        "event.date": event.occurred_on.isoformat(),
        "event.reason": event.details.get("reason"),
        RELATIONSHIP: offer.relationship,
        **registry,
    }
    data: dict[str, dict[str, Any]] = {}
    for slug, fields in rules.items():
        for name, value in fields.items():
            if isinstance(value, dict) and "value" in value:
                found = value["value"]
            else:
                found = known.get(_source(value) or "")
                if isinstance(value, dict) and found is not None:
                    found = value["map"].get(_key(found))
            if found not in (None, ""):
                data.setdefault(slug, {})[name] = found
    return dict(definition.get("answers") or {}), data
