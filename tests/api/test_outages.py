"""The database going away is a 503 with Retry-After in the caller's language, never a 500,
and a request that failed meanwhile does not keep its idempotency key from a retry."""

from __future__ import annotations

import datetime
import json
import logging
import sqlite3

import pytest
from django.db import OperationalError
from django.utils import timezone

from qyzmet.api import applications
from qyzmet.applications.models import Application
from qyzmet.idempotency import store
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db
PASSPORT = {"service": "passport"}


def database_locked(**kwargs):
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as error:
        raise OperationalError(*error.args) from error


def post(client, path, body, headers, key=None, language="en", **extra):
    if key is not None:
        headers = {**headers, "HTTP_IDEMPOTENCY_KEY": key}
    return client.post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language, **headers, **extra,
    )  # fmt: skip


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["young_adult"])


@pytest.fixture
def as_citizen(citizen):
    return bearer(citizen)


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("kk", "Қызмет уақытша қолжетімсіз. Бірнеше секундтан кейін қайталаңыз."),
        ("ru", "Сервис временно недоступен. Повторите через несколько секунд."),
        ("en", "The service is briefly unavailable. Please try again in a few seconds."),
    ],
)
def test_a_locked_database_is_a_503_problem_in_the_callers_language(
    client, as_citizen, monkeypatch, language, detail
):
    monkeypatch.setattr(applications.services, "start_application", database_locked)
    response = post(client, "/applications", PASSPORT, as_citizen, language=language)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "server.unavailable"
    assert response.json()["detail"] == detail


def test_an_unreadable_sqlite_table_is_a_500_not_an_outage(client, as_citizen, monkeypatch):
    def missing(**kwargs):
        try:
            raise sqlite3.OperationalError("no such table: applications_application")
        except sqlite3.OperationalError as error:
            raise OperationalError(*error.args) from error

    monkeypatch.setattr(applications.services, "start_application", missing)
    response = post(client, "/applications", PASSPORT, as_citizen)
    assert response.status_code == 500
    assert not response.has_header("Retry-After")


def test_the_outage_is_logged_with_the_callers_request_id(client, as_citizen, monkeypatch, caplog):
    monkeypatch.setattr(applications.services, "start_application", database_locked)
    with caplog.at_level(logging.WARNING):
        response = post(
            client, "/applications", PASSPORT, as_citizen, HTTP_X_REQUEST_ID="client-req-0001"
        )
    assert response["X-Request-ID"] == "client-req-0001"
    logged = [r for r in caplog.records if r.name == "qyzmet.api"]
    assert logged and all(r.request_id == "client-req-0001" for r in logged)
    assert "database is locked" in logged[0].getMessage()


def test_a_malformed_request_id_is_replaced_by_a_new_one(client):
    response = client.get("/api/v1/services", HTTP_X_REQUEST_ID="no spaces <allowed>")
    assert response["X-Request-ID"] != "no spaces <allowed>"
    assert len(response["X-Request-ID"]) == 32


def test_a_retry_after_the_outage_is_served_though_the_key_could_not_be_freed_at_once(
    client, as_citizen, monkeypatch
):
    # The database is gone: the work fails, and so does freeing the key, twice.
    monkeypatch.setattr(applications.services, "start_application", database_locked)
    real_abandon, real_complete = store.abandon_request, store.complete_request
    from qyzmet.api import idempotency

    def down(**kwargs):
        database_locked()

    monkeypatch.setattr(idempotency, "complete_request", down)
    monkeypatch.setattr(idempotency, "abandon_request", down)
    failed = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    assert failed.status_code == 503
    monkeypatch.undo()  # the database is back
    monkeypatch.setattr(idempotency, "abandon_request", real_abandon)
    monkeypatch.setattr(idempotency, "complete_request", real_complete)

    too_soon = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    assert too_soon.status_code == 409
    assert too_soon.json()["code"] == "idempotency.in_progress"

    seconds_later = timezone.now() + store.LEASE + datetime.timedelta(seconds=1)
    monkeypatch.setattr(store.timezone, "now", lambda: seconds_later)
    retried = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    assert retried.status_code == 201


@pytest.mark.usefixtures("committed_platform")  # a connection of its own to close and open
def test_a_key_whose_connection_was_terminated_is_freed_on_a_new_one(client, monkeypatch):
    from qyzmet.api import idempotency
    from qyzmet.registries.selectors import find_demo_people

    as_citizen = bearer(CitizenFactory(iin=find_demo_people()["young_adult"]))

    monkeypatch.setattr(applications.services, "start_application", database_locked)
    real_complete, calls = idempotency.complete_request, []

    def terminated_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            database_locked()
        return real_complete(**kwargs)

    monkeypatch.setattr(idempotency, "complete_request", terminated_once)
    assert post(client, "/applications", PASSPORT, as_citizen, key="d").status_code == 503
    monkeypatch.undo()
    assert post(client, "/applications", PASSPORT, as_citizen, key="d").status_code == 201


def test_a_retry_of_a_submission_that_committed_answers_with_its_application(
    client, citizen, as_citizen, monkeypatch
):
    # The work committed; keeping its response failed: the client still gets the answer,
    # and a retry once the claim's lease ran out answers with the same application.
    from qyzmet.api import idempotency

    draft = ApplicationFactory(citizen=citizen)
    path = f"/applications/{draft.pk}/submit"
    monkeypatch.setattr(idempotency, "complete_request", lambda **kwargs: database_locked())
    first = post(client, path, {}, as_citizen, key="submit-1")
    monkeypatch.undo()
    seconds_later = timezone.now() + store.LEASE + datetime.timedelta(seconds=1)
    monkeypatch.setattr(store.timezone, "now", lambda: seconds_later)
    again = post(client, path, {}, as_citizen, key="submit-1")

    assert first.status_code == again.status_code == 200, first.content
    assert again.json()["id"] == first.json()["id"]
    assert draft.cases.count() == 1
    assert Application.objects.filter(citizen=citizen).count() == 1
