"""Health (the process is up) and readiness (the database, the migrations and the keys),
as a load balancer and a supervisor ask them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from qyzmet.core import health
from tests.test_outages import database_locked

pytestmark = pytest.mark.django_db


def test_a_ready_server_says_ok_and_sets_no_cookie(client):
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert not response.cookies
        assert "no-cache" in response["Cache-Control"]


def test_without_the_database_the_process_is_healthy_but_not_ready():
    browser = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_locked):
        healthy, ready = browser.get("/healthz"), browser.get("/readyz")
    assert healthy.status_code == 200
    assert ready.status_code == 503
    assert ready["Retry-After"] == "5"
    assert ready.json() == {"status": "unavailable", "missing": ["database"]}


def test_a_migration_not_applied_makes_the_server_not_ready(client, monkeypatch):
    known = health.known_migrations() | {("applications", "9999_from_the_next_release")}
    monkeypatch.setattr(health, "known_migrations", lambda: known)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["missing"] == ["migrations"]


def test_data_keys_that_cannot_be_loaded_make_the_server_not_ready(client, settings):
    from qyzmet.core.keyring import forget_cached_key_ring

    settings.DATA_KEYS = '{"format": "not-ours"}'
    forget_cached_key_ring()
    try:
        response = client.get("/readyz")
    finally:
        forget_cached_key_ring()
    assert response.status_code == 503
    assert response.json()["missing"] == ["keys"]


def test_probes_are_not_for_writing(client):
    assert client.post("/readyz").status_code == 405
