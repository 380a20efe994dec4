"""``update_where`` changes what the queryset's ``update`` would change, in one statement: the
rows whose columns equal the conditions (``None``: no value yet), the values written as Django
writes them (encrypted); where Django must compare or write more than columns, it does."""

from __future__ import annotations

import datetime
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.db.models.functions import Now
from django.db.models.sql.compiler import SQLUpdateCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qyzmet.core.updates import update_where
from qyzmet.idempotency.models import IdempotentRequest
from qyzmet.notifications.models import Notification
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

ANSWER = {"status": 201, "content_type": "application/json", "body": b'{"reference": "A-1"}',
          "headers": {"Location": "/api/v1/applications/1"}}  # fmt: skip


def request(key: str) -> IdempotentRequest:
    now = timezone.now()
    return IdempotentRequest.objects.create(
        caller="user:1", key=key, method="POST", path="/api/v1/applications",
        body_sha256="0" * 64, started_at=now, expires_at=now + datetime.timedelta(hours=1),
    )  # fmt: skip


def stored(pk: int) -> tuple:
    with connection.cursor() as cursor:  # the columns as written
        cursor.execute(
            "SELECT status, content_type, body, headers FROM idempotency_idempotentrequest"
            " WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_the_rows_matching_are_changed_as_django_changes_them_in_one_statement():
    ours, django, other = request("ours"), request("django"), request("other")
    where = {"pk": ours.pk, "claim": ours.claim, "status": None}

    with (
        CaptureQueriesContext(connection) as statements,
        mock.patch.object(SQLUpdateCompiler, "as_sql", autospec=True) as compiled,
    ):
        changed = update_where(IdempotentRequest, where=where, values=ANSWER)
    IdempotentRequest.objects.filter(pk=django.pk, claim=django.claim, status=None).update(**ANSWER)

    assert changed == 1 and len(statements.captured_queries) == 1
    assert compiled.call_count == 0  # a statement made once, not compiled by Django each time
    read = IdempotentRequest.objects.get(pk=ours.pk)
    assert (read.status, read.content_type, bytes(read.body), read.headers) == (
        201, "application/json", ANSWER["body"], ANSWER["headers"],
    )  # fmt: skip
    written, expected = stored(ours.pk), stored(django.pk)
    assert written[2] not in (ANSWER["body"], ANSWER["body"].decode())  # encrypted, as Django
    assert [type(value) for value in written] == [type(value) for value in expected]
    assert IdempotentRequest.objects.get(pk=other.pk).status is None  # not a match


def test_a_condition_a_row_does_not_meet_changes_nothing():
    answered, claimed = request("answered"), request("claimed")
    update_where(IdempotentRequest, where={"pk": answered.pk, "status": None}, values=ANSWER)

    again = update_where(
        IdempotentRequest, where={"pk": answered.pk, "status": None}, values={"status": 500}
    )
    taken = update_where(
        IdempotentRequest, where={"pk": claimed.pk, "claim": uuid.uuid4()}, values=ANSWER
    )

    assert (again, taken) == (0, 0)
    assert IdempotentRequest.objects.get(pk=answered.pk).status == 201  # no value no more
    assert IdempotentRequest.objects.get(pk=claimed.pk).status is None


def test_what_django_must_compile_is_left_to_django():
    citizen = CitizenFactory()
    notice = Notification.objects.create(
        recipient=citizen, address="+77010000001", channel="sms", kind="code", language="kk",
        subject="Code", body="Your code is 1",
    )  # fmt: skip
    claimed = request("expression")

    by_digest = update_where(
        Notification, where={"address": "+77010000001"}, values={"attempts": 3}
    )
    by_expression = update_where(
        IdempotentRequest, where={"pk": claimed.pk}, values={"lease_until": Now()}
    )

    by_lookup = update_where(
        IdempotentRequest, where={"pk__in": [claimed.pk]}, values={"content_type": "text/plain"}
    )

    assert (by_digest, by_expression, by_lookup) == (1, 1, 1)
    assert IdempotentRequest.objects.get(pk=claimed.pk).content_type == "text/plain"
    assert Notification.objects.get(pk=notice.pk).attempts == 3  # found by the address's digest
    assert IdempotentRequest.objects.get(pk=claimed.pk).lease_until <= timezone.now()
