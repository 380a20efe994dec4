"""Officers work the cases of their agency as GovStack tasks and complete them with a
decision; another agency's cases stay out of sight."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import CaseStatus
from qyzmet.audit.models import AuditRecord
from tests.factories import ApplicationFactory
from tests.govstack.conftest import CLIENT, assert_conforms

pytestmark = pytest.mark.django_db


def decision(value, reason=None):
    data = {"decision": {"value": value}}
    if reason is not None:
        data["reason"] = {"value": reason}
    return {"data": data}


@pytest.fixture
def case(citizen):
    """A passport case waiting for internal affairs."""
    return ApplicationFactory(citizen=citizen, submitted=True).cases.get()


@pytest.fixture
def other_case(citizen):
    """A case of the labour ministry."""
    application = ApplicationFactory(
        citizen=citizen, submitted=True, service="unemployment-benefit"
    )
    return application.cases.get()


def test_an_officer_lists_the_tasks_of_their_agency_only(as_officer, case, other_case):
    response = as_officer("GET", "/tasks")
    assert response.status_code == 200
    assert_conforms(response.json(), "/tasks", "get", 200)
    assert [t["taskId"] for t in response.json()] == [str(case.pk)]
    task = response.json()[0]
    assert (task["fileId"], task["serviceId"], task["roleId"]) == (
        str(case.application_id), "passport", "internal-affairs",
    )  # fmt: skip
    assert task["status"] == {"code": "PENDING", "title": "Submitted"}


def test_tasks_are_narrowed_by_file_main_task_and_assignee(as_officer, officer, case):
    assert len(as_officer("GET", "/tasks", fileId=str(case.application_id)).json()) == 1
    assert len(as_officer("GET", "/tasks", mainTaskId=str(case.pk)).json()) == 1
    assert as_officer("GET", "/tasks", fileId="not-a-uuid").json() == []
    assert as_officer("GET", "/tasks", assigneeId=officer.username).json() == []


def test_an_applicant_has_no_tasks(as_citizen, case):
    response = as_citizen("GET", "/tasks")
    assert (response.status_code, response.json()) == (200, [])
    assert as_citizen("GET", f"/tasks/{case.pk}").status_code == 404


def test_an_officer_reads_a_task_with_the_form_and_the_registry_extract(as_officer, case):
    response = as_officer("GET", f"/tasks/{case.pk}")
    assert response.status_code == 200
    task = response.json()
    assert_conforms(task, "/tasks/{taskId}", "get", 200)
    assert task["formVariables"]["reason"] == {"value": case.data["reason"]}
    assert task["data"]["registryExtract"] == case.registry_extract
    assert task["data"]["application"]["applicantId"] == case.application.citizen.iin


def test_another_agencys_task_is_not_found_and_the_attempt_audited(as_officer, other_case):
    for path in (f"/tasks/{other_case.pk}", f"/tasks/{other_case.pk}/complete"):
        method = "GET" if path.endswith(str(other_case.pk)) else "POST"
        response = as_officer(method, path, decision("approve"))
        assert (response.status_code, response.json()["code"]) == (404, "not_found.case")
    denied = AuditRecord.objects.filter(action="case.access_denied", object_id=str(other_case.pk))
    assert denied.count() == 2
    other_case.refresh_from_db()
    assert other_case.status == CaseStatus.SUBMITTED


def test_completing_a_task_approves_the_case(as_officer, officer, case):
    response = as_officer("POST", f"/tasks/{case.pk}/complete", decision("approve"))
    assert response.status_code == 200
    assert_conforms(response.json(), "/tasks/{taskId}/complete", "post", 200)
    assert response.json()["status"] == {"code": "APPROVED", "title": "Approved"}
    outcome = response.json()["variables"]["decision"]["data"]
    assert (outcome["outcome"], outcome["decidedBy"]) == (
        {"value": "approved"},
        {"value": officer.username},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    audit = AuditRecord.objects.get(action="case.approved", object_id=str(case.pk))
    assert audit.channel == f"govstack:{CLIENT}"


def test_a_rejection_needs_a_reason(as_officer, case):
    response = as_officer("POST", f"/tasks/{case.pk}/complete", decision("REJECTED"))
    assert (response.status_code, response.json()["code"]) == (422, "reason.required")
    response = as_officer(
        "POST", f"/tasks/{case.pk}/complete", decision("reject", "The photo is missing."),
        mediator=None,
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["status"]["code"] == "REJECTED"
    audit = AuditRecord.objects.get(action="case.rejected", object_id=str(case.pk))
    assert audit.channel == "govstack"


def test_a_decided_task_cannot_be_completed_again(as_officer, case):
    assert as_officer("POST", f"/tasks/{case.pk}/complete", decision("approve")).status_code == 200
    response = as_officer("POST", f"/tasks/{case.pk}/complete", decision("reject", "No."))
    assert (response.status_code, response.json()["code"]) == (409, "case.already_decided")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (decision("maybe"), "choice"),
        (decision(True), "choice"),
        ({"data": {}}, "required"),
        ({}, "required"),
    ],
)
def test_a_completion_without_a_decision_is_refused(as_officer, case, body, code):
    response = as_officer("POST", f"/tasks/{case.pk}/complete", body)
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("data.decision.value", code)
    ]


def test_a_citizen_cannot_complete_a_task(as_citizen, case):
    response = as_citizen("POST", f"/tasks/{case.pk}/complete", decision("approve"))
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
