"""Two identical requests with one Idempotency-Key at the same moment (a double click, a retry
after a timeout): the first runs, the other is told it is still running (409, Retry-After) and
gets the first answer once it is done. Never two changes."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from qyzmet.accounts.services import create_api_token
from qyzmet.api import applications
from qyzmet.applications.models import Application
from qyzmet.registries.selectors import find_demo_people
from tests.factories import CitizenFactory

pytestmark = pytest.mark.usefixtures("committed_platform")
REQUESTS = 4
WAIT = 30  # seconds at most for another thread, so that a broken test ends


def submit_draft(token: str, key: str = "double-click") -> object:
    try:
        return Client().post(
            "/api/v1/applications", json.dumps({"service": "passport"}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY=key,
        )  # fmt: skip
    finally:
        connection.close()


def in_thread(work, results: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: results.append(work()))
    thread.start()
    return thread


def test_a_retry_while_the_first_request_runs_is_told_to_come_back(monkeypatch):
    citizen = CitizenFactory(iin=find_demo_people()["young_adult"])
    token = create_api_token(user=citizen)
    entered, release = threading.Event(), threading.Event()
    real = applications.services.start_application

    def slow(**kwargs):
        entered.set()
        assert release.wait(WAIT)
        return real(**kwargs)

    monkeypatch.setattr(applications.services, "start_application", slow)
    first: list = []
    thread = in_thread(lambda: submit_draft(token), first)
    assert entered.wait(WAIT)

    meanwhile = submit_draft(token)
    release.set()
    thread.join(WAIT)
    later = submit_draft(token)

    assert meanwhile.status_code == 409
    assert meanwhile.json()["code"] == "idempotency.in_progress"
    assert meanwhile["Retry-After"] == "1"
    assert first[0].status_code == later.status_code == 201
    assert later["Idempotent-Replayed"] == "true"
    assert later.json()["id"] == first[0].json()["id"]
    assert Application.objects.filter(citizen=citizen).count() == 1


def test_identical_requests_at_the_same_moment_make_one_application():
    citizen = CitizenFactory(iin=find_demo_people()["young_adult"])
    token = create_api_token(user=citizen)
    barrier = threading.Barrier(REQUESTS)
    results: list = []

    def one():
        barrier.wait(WAIT)
        return submit_draft(token)

    for thread in [in_thread(one, results) for _ in range(REQUESTS)]:
        thread.join(WAIT)

    assert len(results) == REQUESTS
    created = [r for r in results if r.status_code == 201]
    running = [r for r in results if r.status_code == 409]
    assert len(created) + len(running) == REQUESTS, [r.content for r in results]
    assert {r.json()["id"] for r in created} == {created[0].json()["id"]}
    assert sum(not r.has_header("Idempotent-Replayed") for r in created) == 1
    assert all(r.json()["code"] == "idempotency.in_progress" for r in running)
    assert Application.objects.filter(citizen=citizen).count() == 1
