"""Whom an event's offers go to: the parents of a newborn, the person themself, or the heirs
of the deceased (spouse, adult children, parents), each with what they are to the subject.
Only living people, each once."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import Person, RegistryEvent

ADULT_AGE = 18


@dataclass(frozen=True)
class Recipient:
    iin: str
    relationship: str  # parent, self, spouse, child (what the recipient is to the subject)


def _parents(event: RegistryEvent) -> list[Recipient]:
    iins = [event.details.get("mother_iin"), event.details.get("father_iin")]
    return [Recipient(iin, "parent") for iin in iins if iin]


def _heirs(deceased: Person) -> list[Recipient]:
    today = timezone.localdate()
    heirs = [Recipient(deceased.spouse.iin, "spouse")] if deceased.spouse else []
    children = sorted(  # birth dates are encrypted: sorted here, not by the database
        Person.objects.filter(
            **{"mother" if deceased.sex == Person.Sex.FEMALE else "father": deceased}
        ),
        key=lambda child: (child.birth_date, child.pk),
    )
    heirs += [Recipient(c.iin, "child") for c in children if age_on(c, today) >= ADULT_AGE]
    heirs += [Recipient(p.iin, "parent") for p in (deceased.mother, deceased.father) if p]
    return heirs


def recipients_of(to: str, event: RegistryEvent) -> list[Recipient]:
    """The living people ``to`` names for this event, in a stable order, each once."""
    if to == "parents":
        found = _parents(event)
    elif to == "person":
        found = [Recipient(event.subject_iin, "self")]
    elif to == "heirs":
        deceased = find_person(event.subject_iin)
        found = _heirs(deceased) if deceased is not None else []
    else:
        raise ValueError(f"unknown recipients {to!r}")
    living = set(
        Person.objects.filter(iin__in=[r.iin for r in found], death_date__isnull=True).values_list(
            "iin", flat=True
        )
    )
    unique: dict[str, Recipient] = {}
    for recipient in found:
        if recipient.iin in living:
            unique.setdefault(recipient.iin, recipient)
    return list(unique.values())
