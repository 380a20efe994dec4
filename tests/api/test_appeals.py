"""Through the API, a citizen appeals a rejection (a retry with the same Idempotency-Key files
one appeal), an officer of the appeals body with the role upholds it, and the case is reversed:
it awaits a new decision."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.casework.roles import grant_role
from tests.callers import bearer
from tests.factories import ApplicationFactory, OfficerFactory, officer_of

pytestmark = pytest.mark.django_db

REASONS = "Все документы были приложены, отказ необоснован."


def post(client, path, body, auth, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth, **headers)


@pytest.fixture
def case(db):
    return ApplicationFactory(rejected=True).cases.get()


def appeals_officer(agency):
    officer = OfficerFactory(agency=agency, username=f"appeals-{agency.slug}")
    grant_role(officer=officer, role="appeals")
    return officer


def test_an_appeal_upheld_through_the_api_reverses_the_rejection(client, case):
    as_citizen = bearer(case.application.citizen)
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    offered = client.get(f"/api/v1{path}", **as_citizen).json()
    assert offered["offered"] == "decision" and offered["appeals"] == []

    key = {"HTTP_IDEMPOTENCY_KEY": "appeal-1"}
    filed = post(client, path, {"reasons": REASONS}, as_citizen, **key)
    assert filed.status_code == 201, filed.content
    assert filed.json()["kind"] == "decision" and filed.json()["reasons_language"] == "ru"
    replayed = post(client, path, {"reasons": REASONS}, as_citizen, **key)
    assert replayed.status_code == 201 and replayed["Idempotent-Replayed"] == "true"
    again = post(client, path, {"reasons": REASONS}, as_citizen)
    assert again.status_code == 409 and again.json()["code"] == "appeal.already_open"

    as_appeals = bearer(appeals_officer(case.agency))
    [queued] = client.get("/api/v1/appeals", **as_appeals).json()
    assert queued["id"] == filed.json()["id"] and queued["overdue"] is False
    upheld = {"outcome": "upheld", "reason": "Документы были полными."}
    decided = post(client, f"/appeals/{queued['id']}/decision", upheld, as_appeals)
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "upheld" and decided.json()["reversal"]

    shown = client.get(f"/api/v1{path}", **as_citizen).json()
    assert shown["appeals"][0]["outcome"] == "upheld"
    reviewed = client.get(f"/api/v1/cases/{case.pk}", **bearer(officer_of(case.agency))).json()
    assert reviewed["status"] == "reversed"
    assert [line["status"] for line in reviewed["history"]][-2:] == ["reversed", "appeal_upheld"]


def test_an_officer_without_the_role_cannot_decide_and_reasons_are_required(client, case):
    as_citizen = bearer(case.application.citizen)
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"
    empty = post(client, path, {"reasons": ""}, as_citizen, HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["code"] == "appeal.reasons_required"
    filed = post(client, path, {"reasons": REASONS}, as_citizen).json()

    plain = post(client, f"/appeals/{filed['id']}/decision",
                 {"outcome": "upheld", "reason": "x"}, bearer(officer_of(case.agency)))  # fmt: skip

    assert plain.status_code == 403 and plain.json()["code"] == "appeal.not_allowed"
    listed = client.get("/api/v1/appeals", **bearer(officer_of(case.agency)))
    assert listed.status_code == 200 and listed.json() == []  # the reasons are not theirs


def test_an_appeal_after_the_term_is_a_409_naming_the_last_day(client, case):
    case.decided_at = timezone.now() - datetime.timedelta(days=120)
    case.save(update_fields=["decided_at"])
    path = f"/applications/{case.application_id}/cases/{case.pk}/appeals"

    late = post(client, path, {"reasons": REASONS}, bearer(case.application.citizen),
                HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert late.status_code == 409 and late.json()["code"] == "appeal.term_passed"
    assert "could be appealed until" in late.json()["detail"]
