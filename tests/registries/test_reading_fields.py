"""A registry reads a person with what the asked fields need: their IIN alone is their own row,
no relative joined; fields that follow a relation load it, in the same change once more at
most, and read what a fresh read reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.registries.fields import read_fields

pytestmark = pytest.mark.django_db

IIN = "population.person.iin"
RELATED = [
    "population.person.registered_address",
    "population.person.spouse",
    "population.person.marital_status",
    "population.person.parents",
    "population.person.relatives",
    "population.person.full_name",
]


def test_a_persons_iin_is_read_from_their_own_row(demo_people):
    with CaptureQueriesContext(connection) as queries:
        values = read_fields(subject=demo_people["parent"], fields=[IIN])

    assert values == {IIN: demo_people["parent"]}
    assert len(queries) == 1
    assert " JOIN " not in queries[0]["sql"]


def test_fields_that_follow_relations_read_what_a_fresh_read_reads(demo_people):
    iin = demo_people["parent"]
    seen: dict[tuple[str, str], Any] = {}
    read_fields(subject=iin, fields=[IIN], seen=seen)  # the applicant checked first

    with CaptureQueriesContext(connection) as later:
        after = read_fields(subject=iin, fields=RELATED, seen=seen)
    with CaptureQueriesContext(connection) as again:
        read_fields(subject=iin, fields=RELATED, seen=seen)

    assert after == read_fields(subject=iin, fields=RELATED)
    assert after["population.person.registered_address"] is not None
    loads = [q for q in later if 'FROM "registries_person" LEFT OUTER JOIN' in q["sql"]]
    assert len(loads) == 1  # loaded again once, with its relations
    assert not [q for q in again if 'FROM "registries_person" LEFT OUTER JOIN' in q["sql"]]


def test_an_unknown_person_is_unknown_to_every_later_request(db):
    seen: dict[tuple[str, str], Any] = {}

    assert read_fields(subject="000000000000", fields=[IIN], seen=seen) == {}
    assert read_fields(subject="000000000000", fields=RELATED, seen=seen) == {}
