"""Through the API, an officer allowed to reverses a decision; the case shows the new status
and the reversal, and a second attempt is a conflict."""

from __future__ import annotations

import pytest

from qyzmet.accounts.officers import allow_reversals
from qyzmet.documents.services import issue_result_document
from tests.callers import bearer
from tests.factories import ApplicationFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def post(client, case, body, auth, **headers):
    return client.post(
        f"/api/v1/cases/{case.pk}/reversal", body, content_type="application/json",
        **auth, **headers,
    )  # fmt: skip


@pytest.fixture
def case(db):
    case = ApplicationFactory(approved=True).cases.get()
    issue_result_document(case=case)
    return case


def test_an_allowed_officer_reverses_and_the_case_shows_it(client, case):
    as_supervisor = bearer(allow_reversals(officer=OfficerFactory(), channel="test"))
    body = {"ground": "error_in_decision", "reason": "The wrong address was registered."}
    answer = post(client, case, body, as_supervisor)
    assert answer.status_code == 200, answer.content
    shown = answer.json()
    assert shown["status"] == "reversed" and shown["decided_at"] is None
    [reversal] = shown["reversals"]
    assert reversal["decision"] == "approved" and reversal["ground"] == "error_in_decision"
    assert reversal["revoked_document"] == case.result_documents.get().pk
    assert reversal["reason"] == body["reason"] and reversal["reason_language"] == "en"
    assert shown["history"][-1]["status"] == "reversed"

    again = post(client, case, body, as_supervisor, HTTP_ACCEPT_LANGUAGE="kk")
    assert again.status_code == 409
    assert again.json()["code"] == "case.already_reversed"
    assert "жаңа шешім күтілуде" in again.json()["detail"]

    queue = client.get("/api/v1/cases?status=reversed", **as_supervisor).json()
    assert [c["id"] for c in queue] == [str(case.pk)]


def test_an_officer_without_the_permission_gets_403(client, case):
    answer = post(client, case, {"ground": "new_facts", "reason": "x"}, bearer(OfficerFactory()))
    assert answer.status_code == 403
    assert answer.json()["code"] == "case.reversal_not_allowed"


def test_a_missing_reason_and_an_unknown_ground_are_problems_per_field(client, case):
    as_supervisor = bearer(allow_reversals(officer=OfficerFactory(), channel="test"))
    unknown = post(client, case, {"ground": "whim", "reason": "x"}, as_supervisor)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "ground"
    blank = post(client, case, {"ground": "new_facts", "reason": "  "}, as_supervisor,
                 HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert blank.status_code == 422
    assert blank.json()["errors"] == [
        {"field": "reason", "code": "reversal.reason_required",
         "message": "Напишите причину отмены решения: её прочтёт гражданин."}
    ]  # fmt: skip
    case.refresh_from_db()
    assert case.status == "approved"
