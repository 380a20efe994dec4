"""What submission does for each service: the registry extract, automatic checks, the
deadline, and an automatic decision when the service's steps allow one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qyzmet.applications.history import Writes, opening, record_status
from qyzmet.applications.models import Application, Case, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.catalog.fees import Fee, assess_fee, fee_fields
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.workdays import add_working_days
from qyzmet.core.written import as_text
from qyzmet.documents.services import schedule_result_document
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client, Purpose
from qyzmet.exchange.records import keeping
from qyzmet.notifications.events import notify_case_decided
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks

MAX_IDENTIFIER = 64  # longer input names nothing a registry knows


def purpose_of(application: Application, *services: ServiceVersion) -> Purpose:
    """The exchange purpose of reads for ``application`` (saved or not yet), for ``services``.
    One not yet saved, read for within a submission (``kept_access_records``), is made known to
    the registries answering in this process, which then do not look it up
    (``KeptRecords.unsaved``)."""
    if application._state.adding and (kept := keeping()) is not None:
        kept.unsaved.add(str(application.pk))
    return Purpose(
        kind="application", ref=str(application.pk), services=tuple(s.slug for s in services)
    )


def checked_fields(service: ServiceVersion, checks: CheckRegistry = default_checks) -> list[str]:
    """The applicant's fields that the service's automatic checks read."""
    steps = [step for step in service.steps if step["kind"] == "check" and step["check"] in checks]
    return sorted({path for step in steps for path in checks[step["check"]].reads})


def extract_fields(service: ServiceVersion) -> list[str]:
    """What the service's agency reads about the applicant when a case of ``service`` is
    submitted, in one request per registry (``reads.submission_values``): its declared fields
    (the registry extract), those its fee exemptions are decided on, and those its automatic
    checks read (``run_checks`` is given them)."""
    return [*service.registry_data, *sorted(fee_fields(service.definition)),
            *checked_fields(service)]  # fmt: skip


def run_checks(
    *,
    application: Application,
    service: ServiceVersion,
    subject: str,
    data: dict[str, Any],
    checks: CheckRegistry,
    steps: list[dict[str, Any]] | None = None,
    read: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run the service's automatic checks (or those of ``steps``, some of them) on the registry
    values they read, fetched through the exchange by the service's agency: the applicant's in
    one request per registry, those of another subject (an address, a property, a person named
    in the form) for each check. ``read``: the applicant's values the agency read already in
    this change (``extract_fields``); only those the checks read beyond them are asked here."""
    if steps is None:
        steps = [step for step in service.steps if step["kind"] == "check"]
    if not steps:
        return []
    client = Client(agency=service.service.agency.slug, system="checks")
    purpose = purpose_of(application, service)
    reads = sorted({path for step in steps for path in checks[step["check"]].reads})
    applicant = {path: read[path] for path in reads if read and path in read}
    if missing := [path for path in reads if path not in applicant]:
        applicant.update(
            request_registry_data(client=client, subject=subject, fields=missing, purpose=purpose)
        )
    outcomes = []
    for step in steps:
        check = checks[step["check"]]
        inputs = {arg: data.get(field, "") for arg, field in step.get("inputs", {}).items()}
        other: dict[str, Any] = {}
        about = str(inputs.get(check.about) or "").strip() if check.about else ""
        if about and len(about) <= MAX_IDENTIFIER and check.reads_about:
            other = request_registry_data(
                client=client, subject=about, fields=check.reads_about, purpose=purpose
            )
        own = {path: applicant[path] for path in check.reads if path in applicant}
        outcome = check.run(applicant=own, other=other, inputs=inputs)
        outcomes.append(
            {"check": step["check"], "on_fail": step.get("on_fail", "review"), **outcome.as_json()}
        )
    return outcomes


def _automatic_status(service: ServiceVersion, outcomes: list[dict[str, Any]]) -> CaseStatus:
    if any(not o["passed"] and o["on_fail"] == "reject" for o in outcomes):
        return CaseStatus.REJECTED
    automatic = service.steps[-1].get("by") == "automatic"
    if automatic and all(o["passed"] for o in outcomes):
        return CaseStatus.APPROVED
    return CaseStatus.SUBMITTED


@dataclass(frozen=True)
class CasePlan:
    """What a case will hold, worked out before the write transaction opens."""

    service: ServiceVersion
    data: dict[str, Any]
    registry_extract: dict[str, Any]
    outcomes: list[dict[str, Any]]
    fee: Fee


def plan_case(
    *,
    application: Application,
    service: ServiceVersion,
    subject: str,
    checks: CheckRegistry,
    read: dict[str, Any],
) -> CasePlan:
    """The case of ``service``: its registry extract, fee and the applicant's values its
    automatic checks read from ``read`` (what its agency read about ``subject`` for this
    submission, ``reads.submission_values``), and its checks run, asking through the exchange
    as the service's agency what they read about other subjects: reads only, no writes here
    (the exchange records each request)."""
    data = application.data.get(service.slug, {})
    extract = {path: value for path, value in read.items() if path in service.registry_data}
    facts = {path: read[path] for path in fee_fields(service.definition) if path in read}
    own = {path: read[path] for path in extract_fields(service) if path in read}  # its agency's
    outcomes = run_checks(
        application=application, service=service, subject=subject, data=data, checks=checks,
        read=own,
    )  # fmt: skip
    return CasePlan(
        service=service,
        data=data,
        registry_extract=extract,
        outcomes=outcomes,
        fee=assess_fee(service.definition, registry=facts, data=data, day=timezone.localdate()),
    )


def opening_status(plan: CasePlan) -> CaseStatus:
    """The status a case of ``plan`` has once opened: rejected at once by a failed check that
    rejects, else waiting for its fee when it is paid online, else decided when the service
    decides automatically, else submitted to its agency."""
    status = _automatic_status(plan.service, plan.outcomes)
    if plan.fee.payable_online and status != CaseStatus.REJECTED:
        return CaseStatus.AWAITING_PAYMENT
    return status


def open_case(
    *,
    application: Application,
    plan: CasePlan,
    actor: Any,
    channel: str,
    writes: Writes | None = None,
) -> Case:
    """Open the case of one service with the status it has once opened (``opening_status``),
    written once, with its history lines as if it passed through ``submitted`` first.
    ``writes``: where the case, its history lines and audit records are gathered
    (``history.Writes``), else written at once. A case opened here has nothing of its own
    yet (no appeal, payment, visit) for the listeners of its status (``history.opening``)."""
    service, outcomes = plan.service, plan.outcomes
    status = opening_status(plan)
    case = Case(
        application=application,
        service=service,
        agency=service.service.agency,
        status=status,
        data=plan.data,
        registry_extract=plan.registry_extract,
        checks=outcomes,
        due_date=add_working_days(timezone.localdate(), service.deadline_days),
        fee_tiyn=plan.fee.tiyn,
        fee_exemption=plan.fee.exemption,
    )
    if status in (CaseStatus.APPROVED, CaseStatus.REJECTED):
        _decide(case, status)
    if writes is not None:
        writes.insert(case)
    else:
        case.save(force_insert=True)
    with opening(case):
        record_status(
            application=application, case=case, status=CaseStatus.SUBMITTED, actor=actor,
            channel=channel, writes=writes,
        )  # fmt: skip
        if status == CaseStatus.AWAITING_PAYMENT:
            record_status(application=application, case=case, status=status, actor=None,
                          channel="system", writes=writes)  # fmt: skip
        elif status != CaseStatus.SUBMITTED:
            _decided(case, writes=writes)
    return case


def _decide(case: Case, status: CaseStatus) -> None:
    """Set the automatic decision ``status`` on ``case`` (not saved), with the messages of the
    checks that failed as its reason."""
    failed = [o for o in case.checks if not o["passed"]]
    case.status = status
    case.decided_at = timezone.now()
    case.decision_reason_parts = [o["message"] for o in failed]  # read in any language
    case.decision_reason = as_text(case.decision_reason_parts, case.application.citizen.language)


def _decided(case: Case, *, writes: Writes | None) -> None:
    """What follows an automatic decision of ``case``: its history line and audit record, the
    citizen told, the result document of an approval scheduled (all after commit)."""
    record_status(
        application=case.application,
        case=case,
        status=case.status,
        actor=None,
        channel="system",  # the reason is the case's, read in the reader's language
        writes=writes,
    )
    audit: dict[str, Any] = {
        "actor": None,
        "action": f"case.{case.status}",
        "obj": case,
        "channel": "system",
        "details": {"automatic": True, "checks": [o["check"] for o in case.checks]},
    }
    if writes is not None:
        writes.audit(**audit)
    else:
        record_audit(**audit)
    outbox, jobs = (writes.outbox, writes.jobs) if writes is not None else (None, None)
    notify_case_decided(case=case, outbox=outbox)  # delivered after commit
    if case.status == CaseStatus.APPROVED:
        schedule_result_document(case=case, jobs=jobs)  # issued after commit


def decide_automatically(case: Case, *, writes: Writes | None = None) -> None:
    """Reject a submitted case whose failed check rejects, approve one the service decides
    automatically when every check passed; leave any other to its agency's officers
    (``writes``: as ``open_case``)."""
    status = _automatic_status(case.service, case.checks)
    if status == CaseStatus.SUBMITTED:
        return
    _decide(case, status)
    case.save(update_fields=["status", "decided_at", "decision_reason", "decision_reason_parts"])
    _decided(case, writes=writes)
