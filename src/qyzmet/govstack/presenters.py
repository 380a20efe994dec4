"""Applications as GovStack application files, cases as tasks.

A file shows its citizen everything; an officer sees only the cases of their own agency in
it (its status follows from those cases alone). Values GovStack types as ``object`` maps
(``formData.data``, ``formVariables``, ``data``, ``additionalMeta``) hold objects: the form
values per service id, and single values as ``{"value": ...}`` like a workflow variable."""

from __future__ import annotations

from typing import Any

from qyzmet.applications.corrections import open_correction
from qyzmet.applications.models import Application, Case
from qyzmet.applications.signature_checks import signature_of
from qyzmet.applications.signatures import signature_record
from qyzmet.applications.status import derive_application_status
from qyzmet.attachments.selectors import attachments_of
from qyzmet.core.texts import pick
from qyzmet.govstack.catalog import eform_id
from qyzmet.govstack.statuses import has_ended, status_model


def variables(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Single values as workflow variables: ``{"name": {"value": ...}}``."""
    return {name: {"value": value} for name, value in values.items() if value is not None}


def without_none(values: dict[str, Any]) -> dict[str, Any]:
    """GovStack's fields are not nullable: an unknown value is left out."""
    return {name: value for name, value in values.items() if value is not None}


def visible_cases(application: Application) -> list[Case]:
    """The officer's agency's cases when read through ``agency_applications``, else all."""
    cases = getattr(application, "agency_cases", None)
    return list(application.cases.all()) if cases is None else list(cases)


def _for_officer(application: Application) -> bool:
    return hasattr(application, "agency_cases")


def file_status(application: Application) -> str:
    if _for_officer(application):
        return derive_application_status(c.status for c in visible_cases(application))
    return application.status


def file_service(application: Application) -> dict[str, Any]:
    """The service id, name and eForm of a file; for a life situation, its id and name."""
    if application.service is not None:
        version = application.service
        return {"serviceId": version.slug, "serviceName": pick(version.title)}
    situation = application.life_situation
    assert situation is not None
    return {"serviceId": situation.slug, "serviceName": pick(situation.title)}


def file_eform(application: Application) -> str | None:
    return eform_id(application.service) if application.service is not None else None


def form_values(application: Application) -> dict[str, dict[str, Any]]:
    if _for_officer(application):
        return {c.service.slug: c.data for c in visible_cases(application)}
    return {slug: v for slug, v in application.data.items() if isinstance(v, dict)}


def main_case(application: Application) -> Case | None:
    """The case a file's task fields describe: the first still open, else the first."""
    cases = sorted(visible_cases(application), key=lambda c: (c.due_date, c.created_at))
    return next((c for c in cases if not has_ended(c.status)), cases[0] if cases else None)


def on_behalf_of(application: Application) -> dict[str, Any]:
    """qyzmet's extension: whom the applicant acted for, when not themself."""
    if application.ground == "self":
        return {}
    return {"onBehalfOf": application.subject_bin or application.subject_iin}


def file_out(application: Application) -> dict[str, Any]:
    """``applicationFileResponse``."""
    status = file_status(application)
    form = without_none({"data": form_values(application), "eFormId": file_eform(application)})
    return without_none(
        {
            "fileId": str(application.pk),
            "applicantId": application.citizen.iin,
            "registered": application.submitted_at,
            **file_service(application),
            "status": status_model(status),
            "ended": has_ended(status),
            "applicationData": {
                "applicantId": application.citizen.iin,
                "created": application.created_at,
                "formData": form,
                "documentUrls": [
                    str(pk) for pk in attachments_of(application).values_list("pk", flat=True)
                ],
                **on_behalf_of(application),
            },
        }
    )


def _task_fields(case: Case | None, *, for_officer: bool) -> dict[str, Any]:
    """The main case's task; the name of the officer on it only to officers."""
    if case is None:
        return {}
    officer = case.assigned_to
    return {
        "mainTaskId": str(case.pk),
        "taskTitle": pick(case.service.title),
        "roleId": case.agency.slug,
        "roleName": pick(case.agency.name),
        "assigneeId": officer.username if officer else None,
        "operatorName": (officer.get_full_name() or officer.username)
        if officer and for_officer
        else None,
    }


def file_entry(application: Application) -> dict[str, Any]:
    """``applicantApplicationFileListResponse``."""
    return without_none(
        {
            "fileId": str(application.pk),
            **_task_fields(main_case(application), for_officer=_for_officer(application)),
            "status": status_model(file_status(application)),
            "applicantId": application.citizen.iin,
            "created": application.created_at,
            "registered": application.submitted_at,
            **file_service(application),
            "eformId": file_eform(application),
            "documentUrls": [],
            "additionalMeta": {
                "data": variables(
                    {
                        "reference": application.reference,
                        "channel": application.channel,
                        "subjectIin": application.subject_iin,
                    }
                )
            },
        }
    )


def task_out(case: Case) -> dict[str, Any]:
    """``userTaskResponse``; ``dueDate`` added (not in GovStack's model)."""
    return without_none(
        {
            "taskId": str(case.pk),
            "mainTaskId": str(case.pk),
            "name": pick(case.service.title),
            "assigneeId": case.assigned_to.username if case.assigned_to else None,
            "roleId": case.agency.slug,
            "created": case.created_at,
            "serviceId": case.service.slug,
            "serviceName": pick(case.service.title),
            "fileId": str(case.application_id),
            "eFormId": eform_id(case.service),
            "status": status_model(case.status),
            "dueDate": case.due_date,
        }
    )


def task_detail(case: Case) -> dict[str, Any]:
    """``dataUserTaskResponse``: the form values as variables, and in ``data`` the registry
    extract read at submission, the automatic checks and whom the application is for."""
    task = task_out(case)
    return without_none(
        {
            **{k: v for k, v in task.items() if k not in ("name", "mainTaskId")},
            "taskName": task["name"],
            "description": case.decision_reason or None,
            "formVariables": variables(case.data),
            "data": without_none(
                {
                    "registryExtract": case.registry_extract,
                    "checks": {check["check"]: check for check in case.checks},
                    "application": without_none(
                        {
                            "applicantId": case.application.citizen.iin,
                            "subjectIin": case.application.subject_iin,
                            "channel": case.application.channel,
                            "submittedAt": case.application.submitted_at,
                        }
                    ),
                    "signature": _signature(case),
                }
            ),
        }
    )


def _signature(case: Case) -> dict[str, Any] | None:
    """How the applicant signed the application (``applications.signatures``), if they did."""
    kept = signature_of(case.application)
    return signature_record(kept) if kept else None


def completed_out(case: Case, *, officer: Any) -> dict[str, Any]:
    """``completedTaskResponse``: the task's decision as its variables (sent back: the fields
    to correct, the message and the last day to resubmit)."""
    correction = open_correction(case)
    decision = variables(
        {
            "outcome": case.status,
            "reason": case.decision_reason or None,
            "decidedAt": case.decided_at,
            "decidedBy": officer.username,
            **(
                {
                    "fields": correction.field_names,
                    "reason": correction.message.get("written", ""),
                    "correctBy": correction.term_ends,
                }
                if correction
                else {}
            ),
        }
    )
    return {
        "taskId": str(case.pk),
        "fileId": str(case.application_id),
        "serviceId": case.service.slug,
        "status": status_model(case.status),
        "variables": {"decision": {"data": decision}},
    }
