"""Personal data is encrypted in the database, and found again by IIN and by age: registry
records, notifications and the responses kept for retries."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.db import connection

from qyzmet.accounts.identity import code_provider
from qyzmet.accounts.signin import citizen_account, living_person
from qyzmet.applications.models import Case
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.idempotency.models import IdempotentRequest
from qyzmet.idempotency.store import (
    Fingerprint,
    Started,
    StoredResponse,
    begin_request,
    complete_request,
)
from qyzmet.notifications.models import Notification
from qyzmet.registries.events import register_death
from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import IdentityDocument, Person, Vehicle
from qyzmet.registries.selectors import _aged
from tests.accounts.helpers import code_sent_to
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def raw_row(model, pk):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        key = model._meta.pk.get_db_prep_value(pk, connection)  # a UUID as the database has it
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [key])
        return " | ".join(str(value) for value in cursor.fetchone())


def test_a_person_read_straight_from_the_table_shows_no_personal_data(demo_people):
    person = find_person(demo_people["parent"])
    row = raw_row(Person, person.pk)
    for clear in (person.iin, person.last_name_ru, person.first_name_kk,
                  person.birth_date.isoformat(), f"{person.birth_date:%Y%m%d}"):  # fmt: skip
        assert clear not in row
    assert person.iin[:6] not in row  # not even the birth date inside the IIN


def test_documents_and_vehicles_keep_their_numbers_encrypted(demo_people):
    person = find_person(demo_people["parent"])
    document = IdentityDocument.objects.filter(person=person).first()
    vehicle = Vehicle.objects.filter(owner=person).first()
    assert document.number not in raw_row(IdentityDocument, document.pk)
    assert vehicle.plate not in raw_row(Vehicle, vehicle.pk)
    assert vehicle.vin not in raw_row(Vehicle, vehicle.pk)


def test_people_are_found_by_iin_through_the_keyed_hash(demo_people):
    iin = demo_people["pensioner"]
    query = Person.objects.filter(iin=iin)
    assert query.get().iin == iin
    sql, params = query.query.sql_with_params()
    assert "iin_digest" in sql and iin not in [str(p) for p in params]
    assert subject_digest(iin) in params
    found = Person.objects.filter(iin__in=[iin, demo_people["parent"], "000000000000"])
    assert sorted(found.values_list("iin", flat=True)) == sorted([iin, demo_people["parent"]])
    assert find_person("000000000000") is None


def test_documents_vehicles_and_children_are_found_by_their_numbers(demo_people):
    person = find_person(demo_people["parent"])
    vehicle = Vehicle.objects.filter(owner=person).first()
    assert Vehicle.objects.get(vin=vehicle.vin, owner=person) == vehicle
    assert Vehicle.objects.get(plate=vehicle.plate) == vehicle
    document = person.documents.first()
    assert IdentityDocument.objects.get(number=document.number) == document
    assert Person.objects.get(mother__iin=person.spouse.iin, pk__in=[c.pk for c in
                              Person.objects.filter(father=person)][:1])  # fmt: skip


@pytest.mark.parametrize("youngest,oldest", [(0, 5), (6, 7), (18, 30), (63, None), (0, 0)])
@pytest.mark.parametrize("today", [datetime.date(2026, 3, 15), datetime.date(2024, 2, 29)])
def test_ages_are_counted_exactly_although_birth_dates_are_encrypted(youngest, oldest, today):
    found = set(Person.objects.filter(_aged(today, youngest, oldest)).values_list("pk", flat=True))
    expected = {
        p.pk
        for p in Person.objects.all()
        if age_on(p, today) >= youngest and (oldest is None or age_on(p, today) <= oldest)
    }
    assert found == expected and expected


def test_exact_birth_dates_are_found(demo_people):
    person = find_person(demo_people["parent"])
    born = Person.objects.filter(birth_date=person.birth_date)
    assert person in born
    assert all(p.birth_date == person.birth_date for p in born)


def test_what_cannot_be_asked_of_an_encrypted_column_is_refused():
    with pytest.raises(FieldError):
        list(Person.objects.filter(iin__startswith="85"))
    with pytest.raises(FieldError):
        list(Person.objects.filter(last_name_ru="Иванов"))  # no index: not comparable


def test_a_value_moved_to_another_column_does_not_decrypt(demo_people):
    from qyzmet.core.encryption import UndecryptableValue

    person = find_person(demo_people["parent"])
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET first_name_ru = last_name_ru WHERE id = %s", [person.pk]
        )
    with pytest.raises(UndecryptableValue, match=r"registries_person\.first_name_ru"):
        Person.objects.get(pk=person.pk)


def test_a_death_date_is_encrypted_like_a_birth_date(demo_people):
    iin = demo_people["pensioner"]
    register_death(iin=iin, channel="test", died_on=datetime.date(2026, 3, 14))
    person = find_person(iin)
    assert person.death_date == datetime.date(2026, 3, 14)
    assert "2026-03-14" not in raw_row(Person, person.pk)
    assert not Person.objects.filter(pk=person.pk, death_date__isnull=True).exists()


def test_notifications_keep_their_subject_and_text_encrypted(demo_people):
    iin = demo_people["parent"]
    code_provider().start(identifier=iin, language="en", channel="portal", requester="b")
    code = code_sent_to(iin)  # read back in clear through the model
    message = Notification.objects.filter(kind="signin.code").latest("id")
    row = raw_row(Notification, message.pk)
    assert code not in row and message.subject not in row


def test_a_response_kept_for_a_retry_is_encrypted_and_replayed_the_same():
    fingerprint = Fingerprint(method="POST", path="/api/v1/applications", body_sha256="0" * 64)
    started = begin_request(caller="user:1", key="k-1", fingerprint=fingerprint)
    assert isinstance(started, Started)
    body = '{"address": "Астана, улица Желтоксан, 1, кв. 2"}'.encode()
    stored = StoredResponse(status=201, content_type="application/json", body=body)
    assert complete_request(started=started, response=stored)
    assert "Желтоксан" not in raw_row(IdempotentRequest, started.pk)
    assert begin_request(caller="user:1", key="k-1", fingerprint=fingerprint) == stored


def test_a_citizens_account_keeps_their_name_encrypted(demo_people):
    citizen = citizen_account(person=living_person(demo_people["parent"]))
    assert citizen.first_name and citizen.last_name
    row = raw_row(get_user_model(), citizen.pk)
    assert citizen.first_name not in row and citizen.last_name not in row
    assert get_user_model().objects.get(pk=citizen.pk).get_full_name() == citizen.get_full_name()


def test_what_officers_write_about_a_case_is_encrypted(db):
    application = ApplicationFactory(citizen=CitizenFactory(), service="passport", approved=True)
    case = application.cases.get()
    case.decision_reason = "The photo of Айгерім Сәрсенова is blurred"
    case.save(update_fields=["decision_reason"])
    assert "Сәрсенова" not in raw_row(Case, case.pk)
    assert Case.objects.get(pk=case.pk).decision_reason == case.decision_reason
