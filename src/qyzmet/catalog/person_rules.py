"""IINs of other people in a service's form: every field that takes an IIN says how the person
it names must be tied to the applicant, so a form cannot be used to look people up.

- ``x-relation: [self, child, minor-child, spouse, parent, sibling]``: the applicant (or whom
  the application is for), or a relative of the applicant as the population registry links
  them, read as ``population.person.relatives`` of the applicant;
- ``x-owner-of: {vehicle: vin}`` / ``{real_estate: cadastral_number}``: the registered owner
  of the vehicle or property another field of the form names, read about that thing;
- ``x-consent: mutual``: the person consents by applying too: an application of theirs for
  this service names the applicant in this same field.

The applications app checks the rules (``applications/relations.py``); the exchange policy
lets a service read what its rules need (``rule_fields``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

RELATIVES = "population.person.relatives"
OWNERS = {"vehicle": "vehicles.vehicle.owner", "real_estate": "property.real_estate.owner"}
RULE_KEYS = ("x-relation", "x-owner-of", "x-consent")


@dataclass(frozen=True)
class PersonRule:
    """What ties the person a form field names to the applicant (any one suffices)."""

    field: str
    relations: tuple[str, ...] = ()
    owner_of: tuple[str, str] | None = None  # (thing, the form field naming it)
    consent: str = ""
    many: bool = False  # a list of IINs

    def reads(self) -> set[str]:
        """The registry fields checking the rule reads."""
        fields = {RELATIVES} if set(self.relations) - {"self"} else set()
        if self.owner_of:
            fields.add(OWNERS[self.owner_of[0]])
        return fields


def takes_iin(spec: dict[str, Any]) -> bool:
    items = spec.get("items") if spec.get("type") == "array" else None
    return spec.get("format") == "iin" or (isinstance(items, dict) and items.get("format") == "iin")


def person_rules(form: dict[str, Any]) -> list[PersonRule]:
    """The rules of the form's IIN fields, in the form's order."""
    properties = form.get("properties", {})
    order = [*form.get("x-order", []), *(n for n in properties if n not in form.get("x-order", []))]
    rules = []
    for name in order:
        spec = properties.get(name) or {}
        if not takes_iin(spec) or not any(key in spec for key in RULE_KEYS):
            continue
        owner = spec.get("x-owner-of") or {}
        rules.append(
            PersonRule(
                field=name,
                relations=tuple(spec.get("x-relation") or ()),
                owner_of=next(iter(owner.items())) if owner else None,
                consent=spec.get("x-consent", ""),
                many=spec.get("type") == "array",
            )
        )
    return rules


def rule_fields(definition: dict[str, Any]) -> set[str]:
    """The registry fields a service's person rules read (part of its exchange policy)."""
    return set().union(*(rule.reads() for rule in person_rules(definition.get("form", {}))))


def rule_problems(form: dict[str, Any]) -> Iterable[tuple[list[Any], str]]:
    """(path, message) for each IIN field without a rule, and each rule that cannot work."""
    properties = form.get("properties", {})
    for name, spec in properties.items():
        where = ["form", "properties", name]
        present = [key for key in RULE_KEYS if key in spec]
        if takes_iin(spec) and not present:
            yield (
                where,
                (
                    "takes an IIN but says not how that person is tied to the applicant: "
                    "add x-relation, x-owner-of or x-consent"
                ),
            )
        if present and not takes_iin(spec):
            yield [*where, present[0]], "only a field that takes an IIN has this rule"
        for thing, named in (spec.get("x-owner-of") or {}).items():
            if named not in properties or named == name:
                yield [*where, "x-owner-of", thing], f"names {named!r}, not another field"
