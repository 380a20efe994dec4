"""On SQLite a new application's submission holds the writers' turn for its writes alone
(decision 0081): it reads, and makes its rows, while other submissions write; its transaction
begins at its first write. A draft's submission reads the draft in its turn, the lock SQLite
has for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from qyzmet.applications.services import start_application, submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.core.sqlite.base import QueuedCursor
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from qyzmet.registries.selectors import find_demo_people
from tests.factories import CitizenFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers' turn"),
    pytest.mark.django_db(transaction=True),  # the submission's own transaction, not a savepoint
]

SERVICE = "criminal-record-certificate"


@pytest.fixture
def citizen(committed_platform: Any, settings: Any) -> Any:
    settings.TRUST_LIST_SECONDS = 3600
    return CitizenFactory(iin=find_demo_people()["parent"])


@pytest.fixture
def sent(monkeypatch: Any) -> list[tuple[str, bool]]:
    """Each statement sent from now on (its first word), and whether it was sent in the turn."""
    seen: list[tuple[str, bool]] = []
    original = QueuedCursor.execute

    def execute(cursor: QueuedCursor, query: str, params: Any = None) -> Any:
        try:
            return original(cursor, query, params)
        finally:
            seen.append((query.split()[0].upper(), cursor.wrapper.in_turn))

    monkeypatch.setattr(QueuedCursor, "execute", execute)
    return seen


def values_of(citizen: Any) -> dict[str, Any]:
    return {SERVICE: sample_values(service_version(SERVICE), find_person(citizen.iin))}


def test_a_new_applications_submission_reads_before_it_takes_the_turn(citizen, sent):
    submit_application(citizen=citizen, channel="api", service=SERVICE, data=values_of(citizen))
    sent.clear()  # the agencies' keys are made; the next one is as every other

    submit_application(citizen=citizen, channel="api", service=SERVICE, data=values_of(citizen))

    in_turn = [word for word, held in sent if held]
    assert in_turn[0] == "BEGIN" and "INSERT" in in_turn
    assert set(in_turn) <= {"BEGIN", "INSERT", "UPDATE"}  # its writes alone
    assert ("SELECT", False) in sent  # what it read, it read before


def test_a_drafts_submission_reads_the_draft_in_its_turn(citizen, monkeypatch):
    from qyzmet.applications import services

    draft = start_application(citizen=citizen, channel="portal", service=SERVICE)
    lazily, held_when_locked = [], []
    turn, lock = services.turn_at_first_write, services.locked_draft

    def turn_at_first_write(enabled: bool = True) -> Any:
        lazily.append(enabled)
        return turn(enabled)

    def locked_draft(application: Any, **kwargs: Any) -> Any:
        held_when_locked.append(connection.in_turn)  # type: ignore[attr-defined]
        return lock(application, **kwargs)

    monkeypatch.setattr(services, "turn_at_first_write", turn_at_first_write)
    monkeypatch.setattr(services, "locked_draft", locked_draft)

    submit_application(
        citizen=citizen, channel="portal", application=draft, data=values_of(citizen)
    )

    # its transaction took the turn as it began, so the draft is read again, locked, in it
    assert lazily == [False]
    assert held_when_locked == [True]


def test_a_new_applications_rows_are_prepared_before_it_takes_the_turn(citizen, monkeypatch):
    from qyzmet.core import inserts

    prepared: list[tuple[str, bool]] = []
    original = inserts._row_values

    def row_values(statement: Any, row: Any) -> Any:
        prepared.append((row._meta.model_name, connection.in_turn))  # type: ignore[attr-defined]
        return original(statement, row)

    submit_application(citizen=citizen, channel="api", service=SERVICE, data=values_of(citizen))
    monkeypatch.setattr(inserts, "_row_values", row_values)

    submit_application(citizen=citizen, channel="api", service=SERVICE, data=values_of(citizen))

    before = {model for model, held in prepared if not held}
    assert {"application", "case", "dataaccess", "statuschange", "auditrecord"} <= before
    # in the turn, only the jobs delivering its notifications: they carry the keys the
    # notifications got as they were written
    assert {model for model, held in prepared if held} <= {"dbtaskresult"}
