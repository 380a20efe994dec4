"""A kept read gives the rows its queryset gives, with what it selects related loaded and its
values converted (decrypted), for the values of each call; its statement is compiled once per
connection; a queryset it cannot keep is refused at once, never run with a value frozen."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from qyzmet.core.selects import KEPT_ON_CONNECTION, kept_select
from qyzmet.registries.fields import RELATIONS
from qyzmet.registries.models import Building, Person

pytestmark = pytest.mark.django_db


def digest_of(iin: str) -> str:
    return Person._meta.get_field("iin_digest").digest(iin)


@kept_select
def people_with_relations(digest: str) -> QuerySet[Person]:
    return Person.objects.select_related(*RELATIONS).filter(iin_digest=digest)[:1]


@kept_select
def children_of(mother: int, born_from: int) -> QuerySet[Person]:
    return Person.objects.filter(mother_id=mother, birth_month__gte=born_from).order_by("pk")


def values_of(person: Person | None) -> dict:
    if person is None:
        return {}
    return {key: value for key, value in vars(person).items() if not key.startswith("_")}


def test_a_kept_read_gives_the_person_and_relations_django_gives(demo_people):
    iin = demo_people["parent"]
    expected = Person.objects.select_related(*RELATIONS).get(iin=iin)

    (person,) = people_with_relations(digest_of(iin))

    assert values_of(person) == values_of(expected)  # decrypted, as Django converts them
    assert person.iin == iin and person.birth_date == expected.birth_date
    with CaptureQueriesContext(connection) as queries:
        related = [person.building, person.spouse, person.mother, person.father]
        region = person.building.street.locality.region
    assert len(queries) == 0  # loaded with the person
    assert [values_of(p) for p in related] == [
        values_of(p) for p in (expected.building, expected.spouse, expected.mother, expected.father)
    ]
    assert region.pk == expected.building.street.locality.region.pk


def test_each_call_reads_the_values_it_is_given(demo_people):
    first, second = demo_people["parent"], demo_people["pensioner"]

    assert [p.iin for p in people_with_relations(digest_of(first))] == [first]
    assert [p.iin for p in people_with_relations(digest_of(second))] == [second]
    assert people_with_relations(digest_of("000000000000")) == []


def test_numbers_take_their_places_in_the_statement():
    mother = Person.objects.filter(mother__isnull=False).values_list("mother", flat=True)[0]
    children = list(Person.objects.filter(mother=mother).order_by("pk"))
    born = min(child.birth_month for child in children)

    assert [c.pk for c in children_of(mother, born)] == [c.pk for c in children]
    assert [c.pk for c in children_of(mother, born + 1)] == [
        c.pk for c in children if c.birth_month > born
    ]
    assert children_of(mother, 999999) == []
    assert children_of(mother + 10**9, born) == []
    assert children_of(mother, 2**70) == []  # as Django: no month is that large (no error)


def test_a_read_no_row_can_meet_reads_nothing():
    @kept_select
    def nobody(digest: str) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=[], iin_digest=digest)

    assert nobody("x") == [] and nobody("y") == []


def test_each_connection_compiles_its_own_statement(demo_people):
    @kept_select
    def people(digest: str) -> QuerySet[Person]:
        return Person.objects.filter(iin_digest=digest)[:1]

    people(digest_of(demo_people["parent"]))  # compiled for this test's connection
    failed: list[BaseException] = []

    def in_another_thread() -> None:
        try:
            people(digest_of(demo_people["parent"]))
        except BaseException as error:  # a table this thread's database may not show
            failed.append(error)
        finally:
            connections.close_all()

    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as compiled:
        thread = threading.Thread(target=in_another_thread)
        thread.start()
        thread.join()
        people(digest_of(demo_people["pensioner"]))  # this connection's, kept

    assert compiled.call_count == 2  # the other connection's two builds, no more
    assert KEPT_ON_CONNECTION in vars(connections["default"])


def test_the_statement_is_compiled_once_per_connection(demo_people):
    @kept_select
    def people(digest: str) -> QuerySet[Person]:
        return Person.objects.filter(iin_digest=digest)[:1]

    parent, pensioner = demo_people["parent"], demo_people["pensioner"]
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as compiled:
        assert people(digest_of(parent))[0].iin == parent
        compiled.reset_mock()
        assert people(digest_of(pensioner))[0].iin == pensioner
        assert people(digest_of(parent))[0].iin == parent

    assert compiled.call_count == 0


def test_a_value_django_would_change_is_refused_at_the_first_call(demo_people):
    @kept_select
    def by_iin(iin: str) -> QuerySet[Person]:
        return Person.objects.filter(iin=iin)  # an encrypted field: Django sends its digest

    @kept_select
    def by_code(code: str) -> QuerySet[Building]:
        return Building.objects.filter(rca__icontains=code)  # sent as %code%

    for read in (by_iin, by_code):
        with pytest.raises(ValueError, match="unchanged"):
            read(demo_people["parent"])


def test_only_rows_of_a_model_with_typed_arguments_are_kept():
    @kept_select
    def names(digest: str) -> QuerySet[Person]:
        return Person.objects.filter(iin_digest=digest).values("first_name_ru")  # type: ignore[return-value]

    with pytest.raises(TypeError, match="rows of a model"):
        names("x")
    with pytest.raises(TypeError, match=r"takes \(str\)"):
        people_with_relations(None)  # never sent as the text "None"
    with pytest.raises(TypeError, match="str and int"):
        kept_select(lambda digest: Person.objects.filter(iin_digest=digest))
