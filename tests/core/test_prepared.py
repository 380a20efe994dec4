"""On PostgreSQL a hot path's statements are planned once per connection, and only a hot
path's: a statement whose best plan depends on its values (the sealer's ``sequence > %s``) is
planned for its values every time, as before."""

from __future__ import annotations

import pytest
from django.db import connection

from qyzmet.accounts.services import user_for_token
from qyzmet.audit.models import AuditRecord
from qyzmet.core.prepared import prepared_statements
from qyzmet.idempotency.store import Fingerprint, StoredResponse, begin_request, complete_request
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def kept_plans() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def ask_twice() -> None:
    for _ in range(2):
        list(AuditRecord.objects.filter(sequence__gt=7).values_list("id")[:1])


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (the suite's PostgreSQL run)")


def test_a_statement_sent_twice_in_a_hot_path_is_planned_once(on_postgres):
    with prepared_statements():
        ask_twice()
    assert any('"audit_auditrecord"."sequence" > $1' in s for s in kept_plans())


def test_elsewhere_each_statement_is_planned_for_its_values(on_postgres):
    ask_twice()
    assert not any("audit_auditrecord" in s for s in kept_plans())


def test_after_a_hot_path_its_connection_plans_as_before(on_postgres):
    with prepared_statements():
        user_for_token("qz_not-a-token")
    ask_twice()
    assert not any("audit_auditrecord" in s for s in kept_plans())


def test_a_token_lookup_is_a_hot_path(on_postgres):
    user_for_token("qz_not-a-token")
    user_for_token("qz_another")
    assert any('"accounts_apitoken"."digest" = $1' in s for s in kept_plans())


def test_a_submission_is_a_hot_path(on_postgres):
    ApplicationFactory(submitted=True)
    ApplicationFactory(submitted=True)
    assert any('INSERT INTO "applications_application"' in s for s in kept_plans())


def test_an_idempotency_keys_claim_and_completion_are_hot_paths(on_postgres):
    claimed = Fingerprint(method="POST", path="/api/v1/applications", body_sha256="a" * 64)
    answer = StoredResponse(status=201, content_type="application/json", body=b"{}")
    for key in ("k-1", "k-2"):
        started = begin_request(caller="user:1", key=key, fingerprint=claimed)
        complete_request(started=started, response=answer)
    plans = kept_plans()
    assert any('INSERT INTO "idempotency_idempotentrequest"' in s for s in plans)
    assert any('UPDATE "idempotency_idempotentrequest"' in s for s in plans)


def test_turned_off_nothing_is_prepared(on_postgres, settings):
    settings.POSTGRES_PREPARED = False
    with prepared_statements():
        ask_twice()
    assert not any("audit_auditrecord" in s for s in kept_plans())


def test_on_sqlite_the_block_changes_nothing():
    with prepared_statements():
        assert not AuditRecord.objects.filter(sequence__gt=7).exists()
