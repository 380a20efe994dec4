"""Plausible form values for any service, taken from the synthetic registries, so the demo,
the benchmarks and the tests can apply for every service without knowing its form. An IIN
field gets a person its rule ties to the applicant (``catalog.person_rules``) when the
registries have one; a rule of consent (``x-consent``) needs that person's own application."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.person_rules import person_rules
from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import Building, Business, Person, RealEstate, Vehicle

_DIGITS = re.compile(r"^\^\[0-9\]\{(\d+)\}\$$")


def _minor_child(subject: Person, today: datetime.date) -> Person | None:
    column = "mother" if subject.sex == Person.Sex.FEMALE else "father"
    children = Person.objects.filter(**{column: subject}, death_date__isnull=True)
    youngest_first = sorted(children, key=lambda c: (c.birth_date, c.pk), reverse=True)
    minors = [c for c in youngest_first if age_on(c, today) < 18]
    return minors[0] if minors else None


def _other_person(subject: Person) -> Person | None:
    return (
        Person.objects.filter(death_date__isnull=True)
        .exclude(pk=subject.pk)
        .exclude(pk=subject.spouse_id or 0)
        .order_by("id")
        .first()
    )


def _relative(subject: Person, relations: tuple[str, ...], today: datetime.date) -> str | None:
    """The IIN of a relative of ``subject`` of one of these kinds (``x-relation``), if any."""
    if "self" in relations:
        return subject.iin
    child = _minor_child(subject, today)
    if child is not None and {"minor-child", "child"} & set(relations):
        return child.iin
    siblings = Person.objects.filter(mother=subject.mother).exclude(pk=subject.pk)
    kin: dict[str, list[Person | None]] = {
        "spouse": [subject.spouse],
        "parent": [subject.mother, subject.father],
        "sibling": list(siblings[:1]) if subject.mother else [],
    }
    for relation in relations:
        for person in kin.get(relation, []):
            if person is not None:
                return person.iin
    return None


def _tie_to_applicant(service: ServiceVersion, values: dict[str, Any], subject: Person) -> None:
    """Give each IIN field a person its rule ties to the applicant, where there is one."""
    today = timezone.localdate()
    for rule in person_rules(service.form):
        iin = _relative(subject, rule.relations, today) if rule.relations else None
        if rule.owner_of:
            thing, named = rule.owner_of
            model = Vehicle if thing == "vehicle" else RealEstate
            column = "vin" if thing == "vehicle" else "cadastral_number"
            item = model.objects.filter(**{column: values.get(named, "")}).first()  # type: ignore[attr-defined]
            iin = item.owner.iin if item else iin
        if iin and rule.field in values:
            values[rule.field] = [iin] if rule.many else iin


def _iin_for(name: str, subject: Person, today: datetime.date) -> str:
    if name.startswith("child"):
        child = _minor_child(subject, today)
        return child.iin if child else subject.iin
    if name.startswith(("patient", "applicant")):
        return subject.iin
    other = _other_person(subject)
    return other.iin if other else subject.iin


def _string(name: str, spec: dict[str, Any], subject: Person, today: datetime.date) -> str:
    pattern = spec.get("pattern", "")
    if spec.get("format") == "date":  # a month ahead for a wedding; yesterday for x-date: past
        shift = {"past": -1, "future": 30}.get(spec.get("x-date", ""), 0)
        return (today + datetime.timedelta(days=shift)).isoformat()
    if spec.get("format") == "iin":
        return _iin_for(name, subject, today)
    if spec.get("format") == "bin":
        business = Business.objects.order_by("id").first()
        return business.bin if business else ""
    if name.endswith("rca"):  # not where the subject lives: moving there is refused
        building = Building.objects.exclude(id=subject.building_id or 0).order_by("id").first()
        return building.rca if building else ""
    if "vin" in name:
        vehicle = Vehicle.objects.filter(owner=subject).first() or Vehicle.objects.first()
        return vehicle.vin if vehicle else ""
    if "cadastral" in name:
        item = RealEstate.objects.filter(owner=subject).first() or RealEstate.objects.first()
        return item.cadastral_number if item else ""
    if pattern.startswith("^KZ"):
        return "KZ" + "1" * 18
    if match := _DIGITS.match(pattern):
        return "1" * int(match.group(1))
    if "enum" in spec:
        return str(spec["enum"][0])
    limit = int(spec.get("maxLength", 40))
    return "Demo"[:limit] if spec.get("minLength", 1) <= 4 else "D" * int(spec["minLength"])


def sample_values(service: ServiceVersion, subject: Person) -> dict[str, Any]:
    """Values for every field of the service's form that pass its schema."""
    today = timezone.localdate()
    values: dict[str, Any] = {}
    for name, spec in service.form["properties"].items():
        kind = spec.get("type")
        if "const" in spec:
            values[name] = spec["const"]
        elif "enum" in spec:
            values[name] = spec["enum"][0]
        elif kind == "boolean":
            values[name] = True
        elif kind in ("integer", "number"):
            values[name] = spec.get("minimum", 1)
        elif kind == "string":
            values[name] = _string(name, spec, subject, today)
    _tie_to_applicant(service, values, subject)
    return values


def sample_values_for(
    services: list[ServiceVersion], iin: str
) -> list[tuple[ServiceVersion, dict]]:
    """Demo only, read straight from the synthetic registries (not through the exchange, like
    the rest of the demo's writers): sample values of each service for the person with
    ``iin``; nothing when the registry does not know them."""
    subject = find_person(iin)
    if subject is None:
        return []
    return [(service, sample_values(service, subject)) for service in services]
