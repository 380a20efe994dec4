"""The registry fields read by kept statements (decision 84) say what the querysets they
replaced said, for every kind of family in the registry: children through the mother or the
father, full and half brothers and sisters (never the person), parents and spouse; the latest
valid identity document, else the latest of any kind."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from qyzmet.registries.fields import FIELDS, find_person
from qyzmet.registries.models import IdentityDocument, Person

pytestmark = pytest.mark.django_db


def relatives_as_before(person: Person) -> set[tuple[str, str]]:
    column = "mother" if person.sex == Person.Sex.FEMALE else "father"
    links = {(child.iin, "child") for child in Person.objects.filter(**{column: person})}
    links |= {(p.iin, "parent") for p in (person.mother, person.father) if p}
    if person.spouse is not None:
        links.add((person.spouse.iin, "spouse"))
    shared = Q(pk__in=[])
    if person.mother_id:
        shared |= Q(mother_id=person.mother_id)
    if person.father_id:
        shared |= Q(father_id=person.father_id)
    siblings = Person.objects.filter(shared).exclude(pk=person.pk)
    return links | {(s.iin, "sibling") for s in siblings}


def document_as_before(person: Person) -> Any:
    document = (
        person.documents.filter(status=IdentityDocument.Status.VALID)
        .exclude(kind=IdentityDocument.Kind.BIRTH_CERTIFICATE)
        .order_by("-issued_on")
        .first()
    ) or person.documents.order_by("-issued_on").first()
    return None if document is None else (document.kind, document.number, document.status)


def children_as_before(person: Person) -> list[str]:
    column = "mother" if person.sex == Person.Sex.FEMALE else "father"
    children = Person.objects.filter(**{column: person}, death_date__isnull=True)
    return [c.iin for c in sorted(children, key=lambda child: (child.birth_date, child.pk))]


def read(path: str, person: Person) -> Any:
    return FIELDS[path].read(person)


def families() -> list[Person]:
    """People of every shape: with both parents, the mother or the father alone, neither; a
    mother and a father of children; whose only document is a birth certificate, or with no
    valid document."""
    people = Person.objects.all()
    shapes = [
        people.filter(mother__isnull=False, father__isnull=False),
        people.filter(mother__isnull=False, father__isnull=True),
        people.filter(mother__isnull=True, father__isnull=False),
        people.filter(mother__isnull=True, father__isnull=True, spouse__isnull=False),
        people.filter(pk__in=Person.objects.values("mother")),
        people.filter(pk__in=Person.objects.values("father")),
        people.exclude(documents__kind__in=["id-card", "passport"]),
        people.exclude(documents__status="valid"),
    ]
    chosen = {person.pk for shape in shapes for person in shape.order_by("pk")[:5]}
    return [find_person(p.iin) for p in Person.objects.filter(pk__in=chosen)]  # type: ignore[misc]


def test_family_links_are_those_the_queryset_read():
    people = families()
    assert len(people) >= 20
    for person in people:
        links = read("population.person.relatives", person)
        assert {(link["iin"], link["relation"]) for link in links} == relatives_as_before(person)
        assert all(link["iin"] != person.iin for link in links)  # never oneself


def test_children_and_the_identity_document_are_those_the_queryset_read():
    people = families()
    assert any(children_as_before(p) for p in people)
    for person in people:
        children = read("population.person.children", person)
        assert [child["iin"] for child in children] == children_as_before(person)
        document = read("population.person.identity_document", person)
        said = (
            None if document is None else (document["kind"], document["number"], document["status"])
        )
        assert said == document_as_before(person)
