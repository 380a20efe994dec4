"""Whom an event's offers go to: the parents of a newborn, the person themself, or the heirs
of the deceased (spouse, adult children, parents), each with what they are to the subject.
Only living people, each once. The population registry is asked through the exchange, under
the legal basis ``offer-recipients``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
from qyzmet.registries.models import RegistryEvent

ADULT_AGE = 18
SPOUSE = "population.person.spouse"
CHILDREN = "population.person.children"
PARENTS = "population.person.parents"
LIVING = "population.person.living"


@dataclass(frozen=True)
class Recipient:
    iin: str
    relationship: str  # parent, self, spouse, child (what the recipient is to the subject)


def _ask(iin: str, fields: list[str]) -> dict[str, Any]:
    return request_registry_data(
        client=platform_client("offers"), subject=iin, fields=fields,
        purpose=legal_basis("offer-recipients"),
    )  # fmt: skip


def _parents(event: RegistryEvent) -> list[Recipient]:
    iins = [event.details.get("mother_iin"), event.details.get("father_iin")]
    return [Recipient(iin, "parent") for iin in iins if iin]


def _adult(born: str, today: datetime.date) -> bool:
    day = datetime.date.fromisoformat(born)
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day)) >= ADULT_AGE


def _heirs(deceased_iin: str) -> list[Recipient]:
    found = _ask(deceased_iin, [SPOUSE, CHILDREN, PARENTS])
    today = timezone.localdate()
    spouse = found.get(SPOUSE)
    heirs = [Recipient(spouse["iin"], "spouse")] if spouse else []
    heirs += [
        Recipient(c["iin"], "child")
        for c in found.get(CHILDREN) or []
        if _adult(c["birth_date"], today)
    ]
    heirs += [Recipient(p["iin"], "parent") for p in found.get(PARENTS) or []]
    return heirs


def recipients_of(to: str, event: RegistryEvent) -> list[Recipient]:
    """The living people ``to`` names for this event, in a stable order, each once."""
    if to == "parents":
        found = _parents(event)
    elif to == "person":
        found = [Recipient(event.subject_iin, "self")]
    elif to == "heirs":
        found = _heirs(event.subject_iin)
    else:
        raise ValueError(f"unknown recipients {to!r}")
    unique: dict[str, Recipient] = {}
    for recipient in found:
        if recipient.iin not in unique and _ask(recipient.iin, [LIVING]).get(LIVING):
            unique[recipient.iin] = recipient
    return list(unique.values())
