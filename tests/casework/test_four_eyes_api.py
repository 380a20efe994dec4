"""Through the API: the reviewer's decision on a two-stage service is prepared, the case shows
its stage; the same officer's sign-off is a 403 in their language; a supervisor signs it off
(a retry with the same Idempotency-Key is answered once) or returns it with a note."""

from __future__ import annotations

import pytest

from tests.callers import bearer

pytestmark = pytest.mark.django_db


def post(client, path, body, auth, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth, **headers)


def test_four_eyes_approval_through_the_api(client, pension_case, reviewer, supervisor):
    case = pension_case
    as_reviewer, as_supervisor = bearer(reviewer), bearer(supervisor)
    shown = client.get(f"/api/v1/cases/{case.pk}", **as_reviewer).json()
    assert shown["stage"] == {"stage": "review", "role": "reviewer", "number": 1, "of": 2}
    assert shown["prepared_decision"] is None

    prepared = post(client, f"/cases/{case.pk}/decision", {"decision": "approve"}, as_reviewer)
    assert prepared.status_code == 200, prepared.content
    assert prepared.json()["status"] == "in_review"
    assert prepared.json()["stage"] == {"stage": "sign-off", "role": "supervisor", "number": 2,
                                        "of": 2}  # fmt: skip
    waiting = prepared.json()["prepared_decision"]
    assert waiting["decision"] == "approve" and waiting["prepared_by"] == reviewer.username
    again = post(client, f"/cases/{case.pk}/decision", {"decision": "approve"}, as_reviewer)
    assert again.status_code == 409 and again.json()["code"] == "stage.already_prepared"

    own = post(client, f"/cases/{case.pk}/sign-off", {}, as_reviewer, HTTP_ACCEPT_LANGUAGE="kk")
    assert own.status_code == 403 and own.json()["code"] == "stage.four_eyes"
    assert "төрт көз" in own.json()["detail"]

    queue = client.get("/api/v1/cases", **as_supervisor).json()
    assert [c["stage"]["stage"] for c in queue if c["id"] == str(case.pk)] == ["sign-off"]

    key = {"HTTP_IDEMPOTENCY_KEY": "sign-off-1"}
    signed = post(client, f"/cases/{case.pk}/sign-off", {}, as_supervisor, **key)
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "approved"
    assert signed.json()["stage"] is None and signed.json()["prepared_decision"] is None
    statuses = [line["status"] for line in signed.json()["history"]]
    assert statuses[-2:] == ["stage_prepared", "approved"]
    replayed = post(client, f"/cases/{case.pk}/sign-off", {}, as_supervisor, **key)
    assert replayed.status_code == 200 and replayed["Idempotent-Replayed"] == "true"

    as_citizen = bearer(case.application.citizen)
    application = client.get(f"/api/v1/applications/{case.application_id}", **as_citizen).json()
    assert application["status"] == "approved"
    assert "prepared_decision" not in application["cases"][0]  # officers' only


def test_a_supervisor_returns_the_decision_with_a_note(client, pension_case, reviewer, supervisor):
    case = pension_case
    as_reviewer, as_supervisor = bearer(reviewer), bearer(supervisor)
    body = {"decision": "reject", "reason": "Стаж не подтверждён."}
    post(client, f"/cases/{case.pk}/decision", body, as_reviewer)

    empty = post(client, f"/cases/{case.pk}/return", {"note": ""}, as_supervisor)
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "note"
    assert empty.json()["errors"][0]["code"] == "stage.note_required"

    returned = post(client, f"/cases/{case.pk}/return", {"note": "Check 1995."}, as_supervisor)
    assert returned.status_code == 200, returned.content
    assert returned.json()["stage"]["stage"] == "review"
    assert returned.json()["prepared_decision"] is None
    assert returned.json()["history"][-1]["status"] == "stage_returned"
    nothing = post(client, f"/cases/{case.pk}/sign-off", {}, as_supervisor)
    assert nothing.status_code == 409 and nothing.json()["code"] == "stage.nothing_to_sign"


def test_the_citizen_reads_the_history_without_the_officers_notes(
    client, pension_case, reviewer, supervisor
):
    case = pension_case
    post(client, f"/cases/{case.pk}/decision", {"decision": "approve"}, bearer(reviewer))
    note = "The employment record looks altered: check 1995 with the archive."
    post(client, f"/cases/{case.pk}/return", {"note": note}, bearer(supervisor))

    citizen = bearer(case.application.citizen)
    seen = client.get(f"/api/v1/applications/{case.application_id}", **citizen).json()

    assert "stage_returned" in [line["status"] for line in seen["history"]]
    assert note not in str(seen)
    officers = client.get(f"/api/v1/cases/{case.pk}", **bearer(supervisor)).json()
    assert note in [line["note"] for line in officers["history"]]
