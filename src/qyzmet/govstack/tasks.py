"""Tasks: the cases of the officer's agency, and completing one with a decision, or with the
send-back outcome (SENDBACK: the citizen corrects the fields named and updates the file).

Applicants have no tasks in qyzmet (what they correct is their file, ``PUT
/applications/{fileId}``), so they get an empty list. A case of another agency is not found,
and the attempt is audited."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from qyzmet.applications.corrections import send_back
from qyzmet.applications.models import Case
from qyzmet.applications.selectors import agency_queue, case_for_officer
from qyzmet.applications.validation import FieldProblem
from qyzmet.casework.stages import decide_at_stage
from qyzmet.core.errors import Forbidden, Invalid, NotFound
from qyzmet.govstack.auth import acting_officer
from qyzmet.govstack.client import ClientHeader, channel_of, parse_client
from qyzmet.govstack.paging import page_of
from qyzmet.govstack.presenters import completed_out, task_detail, task_out
from qyzmet.govstack.schemas import AdditionalData, TaskFilters, Text, as_uuid

router = Router(tags=["Operator", "Applicant"])
ORDERINGS = {
    "id": "id",
    "created": "created_at",
    "dueDate": "due_date",
    "assignee": "assigned_to__username",
    "name": "service__service__slug",
}
DECISIONS = {"approve": True, "approved": True, "reject": False, "rejected": False}
SEND_BACK = {"sendback", "send_back", "send-back"}
LONGEST_REASON = 4000


def task_of(request: HttpRequest, task_id: str, *, channel: str) -> tuple[Any, Case]:
    """The officer and their agency's case; anything else is not found to this caller."""
    officer = acting_officer(request)
    if officer is None:
        raise NotFound("not_found.case")
    try:
        return officer, case_for_officer(officer, task_id, channel=channel)
    except Forbidden:  # another agency's case: audited by case_for_officer, hidden here
        raise NotFound("not_found.case") from None


def decision_of(payload: AdditionalData) -> tuple[bool, str]:
    """``{"data": {"decision": {"value": "approve"|"reject"}, "reason": {"value": "..."}}}``;
    GovStack's status codes APPROVED and REJECTED are understood too."""
    data = payload.data or {}
    value = data.get("decision", {}).get("value")
    reason = data.get("reason", {}).get("value", "")
    problems = []
    if value is None:
        problems.append(FieldProblem("data.decision.value", "required"))
    elif not isinstance(value, str) or value.lower() not in DECISIONS:
        problems.append(FieldProblem("data.decision.value", "choice"))
    if not isinstance(reason, str):
        problems.append(FieldProblem("data.reason.value", "type.string"))
    elif len(reason) > LONGEST_REASON:
        problems.append(FieldProblem("data.reason.value", "max_length", {"limit": LONGEST_REASON}))
    if problems:
        raise Invalid("invalid_application", problems)
    return DECISIONS[str(value).lower()], str(reason)


def is_send_back(payload: AdditionalData) -> bool:
    value = (payload.data or {}).get("decision", {}).get("value")
    return isinstance(value, str) and value.lower() in SEND_BACK


def _names(data: dict[str, Any], key: str, *, required: bool) -> tuple[list[str], list[Any]]:
    value = data.get(key, {}).get("value")
    if value is None and not required:
        return [], []
    if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
        code = "required" if value is None else "type.array"
        return [], [FieldProblem(f"data.{key}.value", code)]
    return [str(name) for name in value], []


def send_back_of(payload: AdditionalData) -> tuple[list[str], list[str], str]:
    """``{"data": {"decision": {"value": "SENDBACK"}, "fields": {"value": ["name", ...]},
    "documents": {"value": ["kind", ...]}, "reason": {"value": "what to change and why"}}}``:
    the form fields to correct, the documents to replace or add (``fields`` may be left out
    when ``documents`` are given) and the message the citizen reads."""
    data = payload.data or {}
    documents, problems = _names(data, "documents", required=False)
    fields, more = _names(data, "fields", required=not documents)
    problems += more
    reason = data.get("reason", {}).get("value", "")
    if not isinstance(reason, str):
        problems.append(FieldProblem("data.reason.value", "type.string"))
    if problems:
        raise Invalid("invalid_application", problems)
    return fields, documents, str(reason)


@router.get("/tasks")
def list_tasks(
    request: HttpRequest, filters: Query[TaskFilters], client: str | None = ClientHeader
) -> list[dict[str, Any]]:
    """The cases of the officer's agency, earliest due date first unless ``sortBy`` says
    otherwise; ``fileId``, ``mainTaskId`` and ``assigneeId`` narrow them."""
    parse_client(client, required=False)
    officer = acting_officer(request)
    if officer is None:
        return []
    cases = agency_queue(officer).select_related("agency")
    for value, field in ((filters.mainTaskId, "pk"), (filters.fileId, "application_id")):
        if value:
            cases = cases.filter(**{field: as_uuid(value)}) if as_uuid(value) else cases.none()
    if filters.assigneeId:
        cases = cases.filter(assigned_to__username=filters.assigneeId)
    page = page_of(cases, filters, orderings=ORDERINGS, default=("due_date", "created_at", "pk"))
    return [task_out(c) for c in page]


@router.get("/tasks/{taskId}")
def get_task(
    request: HttpRequest, taskId: Text, client: str | None = ClientHeader
) -> dict[str, Any]:
    """A case of the officer's agency: form values, registry extract, automatic checks."""
    channel = channel_of(parse_client(client, required=False))
    return task_detail(task_of(request, taskId, channel=channel)[1])


@router.post("/tasks/{taskId}/complete")
def complete_task(
    request: HttpRequest, taskId: Text, payload: AdditionalData, client: str | None = ClientHeader
) -> dict[str, Any]:
    """Decide the case: approve it, or reject it with a reason the citizen will read; or send
    it back for correction (``SENDBACK``) with the ``fields`` to change, the ``documents`` to
    replace or add, and a ``reason``."""
    channel = channel_of(parse_client(client, required=False))
    officer, case = task_of(request, taskId, channel=channel)
    if is_send_back(payload):
        fields, documents, message = send_back_of(payload)
        try:
            send_back(case=case, officer=officer, fields=fields, documents=documents,
                      message=message, channel=channel)  # fmt: skip
        except Invalid as error:
            named = {"fields": "data.fields.value", "message": "data.reason.value",
                     "documents": "data.documents.value"}  # fmt: skip
            problems = [dataclasses.replace(p, field=named.get(p.field, p.field))
                        for p in error.problems]  # fmt: skip
            raise Invalid(error.code, problems) from None
        return completed_out(task_of(request, taskId, channel=channel)[1], officer=officer)
    approve, reason = decision_of(payload)
    decide_at_stage(case=case, officer=officer, approve=approve, reason=reason, channel=channel)
    return completed_out(task_of(request, taskId, channel=channel)[1], officer=officer)
