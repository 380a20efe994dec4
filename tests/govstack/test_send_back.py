"""Through GovStack an officer completes a task with the send-back outcome; the applicant
sees the file as SENDBACK, updates it with the field corrected, and the task is pending
again."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory
from tests.govstack.conftest import assert_conforms

pytestmark = pytest.mark.django_db

CENTRE = "ЦОН Медеуского района, Достык 12"


def send_back(fields, reason="Укажите другой ЦОН: в выбранном приём закрыт."):
    data = {"decision": {"value": "SENDBACK"}, "reason": {"value": reason}}
    if fields is not None:
        data["fields"] = {"value": fields}
    return {"data": data}


@pytest.fixture
def case(citizen):
    return ApplicationFactory(citizen=citizen, submitted=True).cases.get()


def test_a_task_sent_back_is_corrected_by_updating_the_file(as_officer, as_citizen, citizen, case):
    done = as_officer("POST", f"/tasks/{case.pk}/complete", send_back(["service_centre"]))
    assert done.status_code == 200, done.content
    assert_conforms(done.json(), "/tasks/{taskId}/complete", "post", 200)
    assert done.json()["status"]["code"] == "SENDBACK"
    variables = done.json()["variables"]["decision"]["data"]
    assert variables["outcome"] == {"value": "sent_back"}
    assert variables["fields"] == {"value": ["service_centre"]}

    file = as_citizen("GET", f"/applications/{case.application_id}").json()
    assert file["status"]["code"] == "SENDBACK"

    form = {**case.data, "service_centre": CENTRE}  # the whole form, as clients send it
    body = {"applicantId": citizen.iin, "formData": {"data": {"passport": form}}}
    updated = as_citizen("PUT", f"/applications/{case.application_id}", body)
    assert updated.status_code == 200, updated.content
    assert_conforms(updated.json(), "/applications/{fileId}", "put", 200)
    assert updated.json()["status"]["code"] == "PENDING"
    case.refresh_from_db()
    assert case.status == "corrected" and case.data["service_centre"] == CENTRE

    again = as_citizen("PUT", f"/applications/{case.application_id}", body)
    assert again.status_code == 409


def test_a_file_sent_back_refuses_a_change_not_asked_for(as_officer, as_citizen, citizen, case):
    as_officer("POST", f"/tasks/{case.pk}/complete", send_back(["service_centre"]))
    form = {**case.data, "reason": "lost", "service_centre": CENTRE}
    body = {"applicantId": citizen.iin, "formData": {"data": {"passport": form}}}
    refused = as_citizen("PUT", f"/applications/{case.application_id}", body)
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("formData.data.passport.reason", "correction.not_requested")
    ]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (send_back(None), "data.fields.value", "required"),
        (send_back([]), "data.fields.value", "correction.fields_required"),
        (send_back(["colour"]), "data.fields.value", "correction.unknown_field"),
        (send_back(["reason"], reason=""), "data.reason.value", "correction.message_required"),
    ],
)
def test_a_send_back_without_fields_or_a_reason_is_refused(as_officer, case, body, field, code):
    response = as_officer("POST", f"/tasks/{case.pk}/complete", body)
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]


def test_statistics_count_the_tasks_sent_back(as_officer, anybody, case):
    as_officer("POST", f"/tasks/{case.pk}/complete", send_back(["service_centre"]))
    [total] = anybody("GET", "/data/statistics", registrationName="passport").json()
    assert total["sentBack"] == 1
    assert total["processed"] == total["approved"] + total["rejected"] + 1
