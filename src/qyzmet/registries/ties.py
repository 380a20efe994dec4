"""The registry fields that tie a person named in a form to the applicant: the applicant's
family links (``population.person.relatives``) and the registered owner of a vehicle or a
property. Each gives only what the tie needs: IINs and the kind of link, no names.
Imported by ``registries.fields``, which they extend."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from qyzmet.core.selects import kept_select
from qyzmet.registries.fields import FIELD_LABELS, SUBJECTS, age_on, registry_field
from qyzmet.registries.models import Person, RealEstate, Vehicle

ADULT_AGE = 18

FIELD_LABELS.update(
    {
        "population.person.relatives": {
            "kk": "Туыстық байланыстары (ЖСН-дері ғана)",
            "ru": "Родственные связи (только ИИН)",
            "en": "Family links (IINs only)",
        },
        "vehicles.vehicle.owner": {
            "kk": "Көліктің тіркелген иесі",
            "ru": "Зарегистрированный владелец транспортного средства",
            "en": "Registered owner of the vehicle",
        },
        "property.real_estate.owner": {
            "kk": "Мүліктің тіркелген меншік иесі",
            "ru": "Зарегистрированный собственник недвижимости",
            "en": "Registered owner of the property",
        },
    }
)
SUBJECTS["vehicle"] = lambda vin: Vehicle.objects.select_related("owner").filter(vin=vin).first()


@registry_field("population.person.relatives", joins=("mother", "father", "spouse"))
def _relatives(person: Person) -> list[dict[str, Any]]:
    """The person's children (whether minor), parents, spouse and brothers and sisters, living
    or not, as the registry links them: ``{"iin", "relation"[, "minor"]}`` each."""
    today = timezone.localdate()
    children = _children_of_mother if person.sex == Person.Sex.FEMALE else _children_of_father
    links: list[dict[str, Any]] = [
        {"iin": child.iin, "relation": "child", "minor": age_on(child, today) < ADULT_AGE}
        for child in children(person.pk)
    ]
    links += [{"iin": p.iin, "relation": "parent"} for p in (person.mother, person.father) if p]
    if person.spouse is not None:
        links.append({"iin": person.spouse.iin, "relation": "spouse"})
    # 0 for a parent the registry does not know: no row has that key, so none shares it
    siblings = _siblings(person.mother_id or 0, person.father_id or 0, person.pk)
    return links + [{"iin": s.iin, "relation": "sibling"} for s in siblings]


# Compiled once per connection (decision 84).
@kept_select
def _children_of_mother(mother: int) -> QuerySet[Person]:
    return Person.objects.filter(mother_id=mother)


@kept_select
def _children_of_father(father: int) -> QuerySet[Person]:
    return Person.objects.filter(father_id=father)


@kept_select
def _siblings(mother: int, father: int, person: int) -> QuerySet[Person]:
    """Those who share a parent with ``person``: full and half brothers and sisters."""
    shared = Q(mother_id=mother) | Q(father_id=father)
    return Person.objects.filter(shared).exclude(pk=person)


@registry_field("vehicles.vehicle.owner")
def _vehicle_owner(vehicle: Vehicle) -> str:
    return vehicle.owner.iin


@registry_field("property.real_estate.owner")
def _property_owner(item: RealEstate) -> str:
    return item.owner.iin
