"""Service centres (``catalog/service-centres.yaml``): public offices where people are served
in person, by appointment. Each has an address, an agency whose officers serve there, opening
hours per weekday, days it is closed, and the services booked there with the length of a slot
and how many people one slot takes. Loaded like agencies: changed in place, audited (a visit
already booked keeps its time)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models

from qyzmet.audit.services import record_audit
from qyzmet.catalog.documents import Document, Kind, Problem
from qyzmet.catalog.schema import field_path
from qyzmet.core.texts import pick
from qyzmet.core.workdays import is_public_holiday

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


class ServiceCentre(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="service_centres"
    )
    name = models.JSONField(help_text="Name in kk/ru/en.")
    address = models.JSONField(help_text="Address in kk/ru/en.")
    definition = models.JSONField(help_text="The centre as loaded from service-centres.yaml.")

    class Meta:
        app_label = "catalog"
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.name)

    def slot_rule(self, service_slug: str) -> dict[str, Any] | None:
        """``{service, slot_minutes, capacity}`` when the centre serves ``service_slug``."""
        for entry in self.definition["services"]:
            if entry["service"] == service_slug:
                return dict(entry)
        return None

    def hours_on(self, day: datetime.date) -> tuple[datetime.time, datetime.time] | None:
        """When the centre is open on ``day`` (local time), or None: not on that weekday, a
        public holiday, or one of its closures."""
        if day.isoformat() in self.definition.get("closures", []) or is_public_holiday(day):
            return None
        hours = self.definition["opening_hours"].get(WEEKDAYS[day.weekday()])
        return (_time(hours[0]), _time(hours[1])) if hours else None

    @property
    def opening_hours(self) -> list[tuple[str, str, str]]:
        """``(weekday, opens, closes)`` for the days it opens, Monday first."""
        hours = self.definition["opening_hours"]
        return [(day, *hours[day]) for day in WEEKDAYS if day in hours]


def centre_problems(doc: Document, documents: Iterable[Document]) -> list[Problem]:
    """What the schema cannot say: known agencies and services, services that need a visit,
    hours that close after they open and hold at least one slot, each centre once."""
    agencies = {
        agency.get("id")
        for d in documents
        if d.kind == Kind.AGENCIES and isinstance(d.data, dict)
        for agency in d.data.get("agencies") or []
        if isinstance(agency, dict)
    }
    services = {d.id: d.data for d in documents if d.kind == Kind.SERVICE}
    problems: list[Problem] = []

    def problem(path: list[Any], message: str) -> None:
        problems.append(Problem(doc.file, field_path(path), message))

    seen: set[str] = set()
    for i, centre in enumerate(doc.data["service_centres"]):
        where: list[Any] = ["service_centres", i]
        if centre["id"] in seen:
            problem([*where, "id"], f"repeats centre id {centre['id']!r}")
        seen.add(centre["id"])
        if centre["agency"] not in agencies:
            problem(
                [*where, "agency"], f"unknown agency {centre['agency']!r} (not in agencies.yaml)"
            )
        shortest = 24 * 60
        for day, (opens, closes) in centre["opening_hours"].items():
            minutes = (_time(closes).hour * 60 + _time(closes).minute) - (
                _time(opens).hour * 60 + _time(opens).minute
            )
            if minutes <= 0:
                problem([*where, "opening_hours", day], f"closes at {closes}, not after {opens}")
            else:
                shortest = min(shortest, minutes)
        for j, entry in enumerate(centre["services"]):
            at = [*where, "services", j]
            slug = entry["service"]
            if slug not in services:
                problem([*at, "service"], f"unknown service {slug!r}")
            elif "visit" not in services[slug]:
                problem([*at, "service"], f"service {slug!r} has no 'visit': nothing to book")
            if 0 < shortest < entry["slot_minutes"]:
                problem(
                    [*at, "slot_minutes"], f"is longer than the shortest opening ({shortest} min)"
                )
        slugs = [entry["service"] for entry in centre["services"]]
        for j, slug in enumerate(slugs):
            if slug in slugs[:j]:
                problem([*where, "services", j, "service"], f"repeats service {slug!r}")
    return problems


def unserved_visit_problems(documents: Iterable[Document]) -> list[Problem]:
    """A service with a 'visit' that no centre serves could never be booked."""
    documents = list(documents)
    centres = [d for d in documents if d.kind == Kind.SERVICE_CENTRES]
    if not centres:  # validating services without the centres file: nothing to compare
        return []
    served = {
        entry.get("service")
        for d in centres
        for centre in d.data.get("service_centres") or []
        for entry in centre.get("services") or []
    }
    return [
        Problem(d.file, "visit", "no service centre serves this service (service-centres.yaml)")
        for d in documents
        if d.kind == Kind.SERVICE and "visit" in d.data and d.id not in served
    ]


def load_service_centres(doc: Document, *, actor: Any, channel: str) -> tuple[list[str], list[str]]:
    """Create or update each centre of ``doc``; (loaded, unchanged) labels. The caller checked
    that every agency is loaded."""
    from qyzmet.catalog.models import Agency

    loaded, unchanged = [], []
    for entry in doc.data["service_centres"]:
        agency = Agency.objects.get(slug=entry["agency"])
        wanted = {
            "agency": agency,
            "name": entry["name"],
            "address": entry["address"],
            "definition": entry,
        }
        centre, created = ServiceCentre.objects.get_or_create(slug=entry["id"], defaults=wanted)
        changed = any(getattr(centre, name) != value for name, value in wanted.items())
        label = f"service centre {centre.slug}"
        if created or changed:
            for name, value in wanted.items():
                setattr(centre, name, value)
            centre.save()
            record_audit(actor=actor, action="service_centre.loaded", obj=centre, channel=channel)
            loaded.append(label)
        else:
            unchanged.append(label)
    return loaded, unchanged
