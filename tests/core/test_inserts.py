"""New rows written by ``insert_rows`` are what saving each would have written, in one
statement: the same columns (encrypted, their digests derived), their keys, the row no longer
new; where a model is saved with listeners, or a value is an expression, Django saves them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Now
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qyzmet.applications.models import StatusChange
from qyzmet.core.inserts import KEPT_ROWS, insert_rows, prepare_insert
from qyzmet.idempotency.models import IdempotentRequest
from qyzmet.notifications.models import Notification
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db

COLUMNS = ("recipient_id", "address", "address_digest", "channel", "kind", "language",
           "subject", "body", "context", "status", "attempts")  # fmt: skip


def notification(citizen, number: int) -> Notification:
    return Notification(
        recipient=citizen, address=f"+7701000000{number}", channel="sms", kind="code",
        language="kk", subject=f"Code {number}", body=f"Your code is {number}",
        context={"number": number},
    )  # fmt: skip


def stored(pk: int) -> tuple:
    with connection.cursor() as cursor:  # the columns as written, encrypted
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM notifications_notification WHERE id = %s", [pk]
        )
        return cursor.fetchone()


def test_rows_are_written_as_saving_each_would_in_one_statement():
    citizen = CitizenFactory()
    saved = notification(citizen, 1)
    saved.save(force_insert=True)
    rows = [notification(citizen, number) for number in (2, 3, 4)]
    with CaptureQueriesContext(connection) as statements:
        written = insert_rows(rows)
    assert len(statements.captured_queries) == 1
    assert written == rows
    assert all(row.pk and not row._state.adding for row in rows)
    for row, number in zip(rows, (2, 3, 4), strict=True):
        read = Notification.objects.get(pk=row.pk)  # each key is its own row's
        assert (read.address, read.body, read.context) == (
            f"+7701000000{number}", f"Your code is {number}", {"number": number},
        )  # fmt: skip
    ours, django = stored(rows[0].pk), stored(saved.pk)
    assert ours[1] != rows[0].address  # encrypted, as Django writes it
    assert Notification.objects.filter(address=rows[0].address).get() == rows[0]  # by digest
    assert [type(value) for value in ours] == [type(value) for value in django]


def test_times_set_when_written_are_set():
    application = ApplicationFactory()
    line = StatusChange(application=application, status="submitted", actor_label="x",
                        channel="api")  # fmt: skip
    insert_rows([line])
    assert line.at is not None
    assert StatusChange.objects.get(pk=line.pk).at == line.at


def test_rows_past_the_databases_limit_go_in_several_statements(monkeypatch):
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 2)
    citizen = CitizenFactory()
    with CaptureQueriesContext(connection) as statements:
        rows = insert_rows([notification(citizen, number) for number in range(5)])
    assert len(statements.captured_queries) == 3
    assert sorted(Notification.objects.filter(recipient=citizen).values_list("pk", flat=True)) == [
        row.pk for row in rows
    ]


def test_a_model_saved_with_listeners_is_saved_by_django_and_they_hear_it():
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(listener, sender=Notification, dispatch_uid="test-inserts")
    try:
        rows = insert_rows([notification(CitizenFactory(), number) for number in (1, 2)])
    finally:
        post_save.disconnect(dispatch_uid="test-inserts", sender=Notification)
    assert heard == [(rows[0].pk, True), (rows[1].pk, True)]


def test_a_value_that_is_an_expression_is_left_to_django():
    row = notification(CitizenFactory(), 1)
    row.claimed_at = Now()
    insert_rows([row])
    assert Notification.objects.get(pk=row.pk).claimed_at is not None


def test_rows_of_several_models_are_refused():
    citizen = CitizenFactory()
    line = StatusChange(application=ApplicationFactory(), status="draft", actor_label="x")
    with pytest.raises(TypeError):
        insert_rows([notification(citizen, 1), line])


def test_a_binary_column_goes_in_the_same_statement():
    now = timezone.now()
    key = IdempotentRequest(
        caller="citizen:1", key="k-1", method="POST", path="/api/v1/applications",
        body_sha256="0" * 64, started_at=now, lease_until=now, expires_at=now,
        body=b"{\"reference\": \"A1\"}",
    )  # fmt: skip
    with CaptureQueriesContext(connection) as statements:
        insert_rows([key])
    assert len(statements.captured_queries) == 1
    assert bytes(IdempotentRequest.objects.get(pk=key.pk).body) == b'{"reference": "A1"}'


def claim(key: str) -> IdempotentRequest:
    now = timezone.now()
    return IdempotentRequest(
        caller="citizen:1", key=key, method="POST", path="/api/v1/applications",
        body_sha256="0" * 64, started_at=now, lease_until=now, expires_at=now,
    )  # fmt: skip


def test_a_refused_row_marks_the_transaction_for_rollback_as_save_does():
    insert_rows([claim("taken")])
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert_rows([claim("taken")])
        assert connection.needs_rollback  # rolled back as the block ends, never committed
    assert IdempotentRequest.objects.filter(key="taken").count() == 1


def test_rows_written_already_are_refused():
    row = insert_rows([notification(CitizenFactory(), 1)])[0]
    with pytest.raises(ValueError, match="new rows only"):
        insert_rows([row])


def test_a_key_set_on_purpose_is_kept():
    row = notification(CitizenFactory(), 1)
    row.pk = 987654
    insert_rows([row])
    assert Notification.objects.filter(pk=987654).exists()


def test_many_rows_are_written_by_django_not_kept_as_a_statement():
    citizen = CitizenFactory()
    rows = insert_rows([notification(citizen, number) for number in range(KEPT_ROWS + 1)])
    assert all(row.pk for row in rows)
    assert Notification.objects.filter(recipient=citizen).count() == KEPT_ROWS + 1


def test_rows_prepared_ahead_are_written_as_they_were_made_in_one_statement():
    citizen = CitizenFactory()
    first = prepare_insert([notification(citizen, 1)])
    second = prepare_insert([notification(citizen, 2), notification(citizen, 3)])
    with CaptureQueriesContext(connection) as statements:
        both = first + second  # nothing sent until written
        assert statements.captured_queries == []
        rows = both.write()
    assert len(statements.captured_queries) == 1
    assert [Notification.objects.get(pk=row.pk).body for row in rows] == [
        "Your code is 1", "Your code is 2", "Your code is 3",
    ]  # fmt: skip


def test_a_value_set_after_the_rows_were_prepared_is_written_once_prepared_again():
    citizen = CitizenFactory()
    row = notification(citizen, 1)
    prepared = prepare_insert([row])
    row.address, row.body = "+77019999999", "known only now"

    prepared.refresh(row, "address", "body")
    prepared.write()

    read = Notification.objects.get(pk=row.pk)
    assert (read.address, read.body) == ("+77019999999", "known only now")
    assert Notification.objects.filter(address="+77019999999").get() == row  # its digest too


def test_prepared_rows_are_written_once():
    prepared = prepare_insert([notification(CitizenFactory(), 1)])
    prepared.write()
    with pytest.raises(ValueError, match="new rows only"):
        prepared.write()
