"""Sending a case back for correction, and the citizen's correction.

An officer of the case's agency sends a pending case back naming what must change (fields of
the service's form, documents of its ``attachments`` to replace or add) with a message the
citizen reads as written. The case is then ``sent_back``: off the agency's queue, its legal
deadline stopped, its fee kept. The citizen changes what was named (everything else is
kept) and resubmits within the term the catalogue gives (``correction.term_days`` working
days); the case becomes ``corrected``, awaits a decision again, and its due date moves by
the working days it spent in correction. A case not corrected within the term ends as the
catalogue says (``correction.on_expiry``: rejected or withdrawn, with the catalogue's
reason), by the daily job ``correction_expiry.end_uncorrected_cases``. A correction that
changes a value the fee's exemptions are decided on re-assesses the fee (``fees.reassess_fee``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.correction_models import Correction, CorrectionOutcome
from qyzmet.applications.decisions import ensure_same_agency
from qyzmet.applications.fees import reassess_fee, record_reassessment
from qyzmet.applications.history import record_status, refresh_application_status
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case, CaseStatus
from qyzmet.applications.step_checks import step_problems
from qyzmet.applications.submission import run_checks
from qyzmet.applications.validation import FieldProblem
from qyzmet.attachments.held import bind_documents, held_documents
from qyzmet.attachments.models import Attachment
from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.core.workdays import add_working_days, working_days_between
from qyzmet.core.written import written
from qyzmet.notifications.events import notify_case_sent_back
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks

MESSAGE_MAX_LENGTH = 2000
FIELD = "field"
DOCUMENT = "document"


def correctable_fields(service: ServiceVersion) -> list[tuple[str, dict[str, str]]]:
    """The fields an officer may name: the service's form fields, in the form's order, each
    with its label (kk/ru/en)."""
    properties = service.form.get("properties", {})
    order = service.form.get("x-order") or list(properties)
    return [(name, properties[name].get("x-label") or {}) for name in order if name in properties]


def correctable_documents(service: ServiceVersion) -> list[tuple[str, dict[str, str]]]:
    """The documents an officer may ask to be replaced or added: the service's attachments, in
    the catalogue's order, each with its label (kk/ru/en)."""
    return [(kind["id"], kind["label"]) for kind in service.attachments]


def requested_documents(application: Any, service: str) -> list[str]:
    """The documents of ``service`` the open send-back of ``application``'s case asks for."""
    case = application.cases.filter(service__service__slug=service).first()
    correction = open_correction(case) if case is not None else None
    return correction.document_names if correction is not None else []


def open_corrections(cases: list[Case]) -> dict[Any, Correction]:
    """The open send-back of each of ``cases`` that waits for the citizen, by case id."""
    waiting = [case.pk for case in cases if case.status == CaseStatus.SENT_BACK]
    found = Correction.objects.filter(case_id__in=waiting, outcome=CorrectionOutcome.OPEN)
    return {correction.case_id: correction for correction in found}


def open_correction(case: Case) -> Correction | None:
    """The send-back the citizen has yet to answer, if the case waits for one."""
    if case.status != CaseStatus.SENT_BACK:
        return None
    return case.corrections.filter(outcome=CorrectionOutcome.OPEN).first()


def _names(given: Sequence[Any]) -> list[str]:
    return list(dict.fromkeys(str(name).strip() for name in given if str(name).strip()))


def _checked(
    service: ServiceVersion, fields: Sequence[Any], documents: Sequence[Any], message: str
) -> tuple[list, str]:
    known = dict(correctable_fields(service))
    names, kinds = _names(fields), _names(documents)
    message = message.strip()
    problems = []
    if not names and not kinds:
        problems.append(FieldProblem("fields", "correction.fields_required"))
    for name in names:
        if name not in known:
            problems.append(FieldProblem("fields", "correction.unknown_field", {"name": name}))
    attachments = dict(correctable_documents(service))
    for kind in kinds:
        if kind not in attachments:
            problems.append(FieldProblem("documents", "correction.unknown_document",
                                         {"name": kind}))  # fmt: skip
    if not message:
        problems.append(FieldProblem("message", "correction.message_required"))
    elif len(message) > MESSAGE_MAX_LENGTH:
        problems.append(FieldProblem("message", "max_length", {"limit": MESSAGE_MAX_LENGTH}))
    if problems:
        raise Invalid("correction.invalid", problems)
    items = [{"kind": FIELD, "name": name} for name in names]
    return items + [{"kind": DOCUMENT, "name": kind} for kind in kinds], message


def send_back(
    *,
    case: Case,
    officer: Any,
    fields: Sequence[str],
    message: str,
    channel: str,
    language: str = "",
    documents: Sequence[str] = (),
) -> Correction:
    """Send ``case`` back to the citizen to change ``fields`` (of its service's form) and to
    replace or add ``documents`` (ids of its ``attachments``), with ``message`` (shown as
    written, marked with ``language`` or the one it is written in).

    ``Forbidden`` for an officer of another agency (audited); ``Conflict`` when the service
    has no correction term in the catalogue, the case waits for no decision, or it was sent
    back the catalogue's ``max_rounds`` times already (``correction.rounds_used``); ``Invalid``
    for neither a field nor a document, an unknown one, or no message."""
    ensure_same_agency(case=case, officer=officer, channel=channel)
    term = case.service.correction
    if term is None:
        raise Conflict("correction.not_offered")
    items, message = _checked(case.service, fields, documents, message)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application__citizen", "service", "agency")
            .get(pk=case.pk)
        )
        if case.status == CaseStatus.SENT_BACK:
            raise Conflict("correction.already_sent_back")
        if case.status not in PENDING_CASE_STATUSES:
            raise Conflict("case.already_decided")
        limit = term.get("max_rounds")
        if limit and case.corrections.count() >= int(limit):
            raise Conflict("correction.rounds_used", {"limit": int(limit)})
        today = timezone.localdate()
        correction = Correction.objects.create(
            case=case,
            officer=officer,
            channel=channel,
            items=items,
            message_parts=[written(message, language)],
            term_ends=add_working_days(today, int(term["term_days"])),
            due_date_before=case.due_date,
        )
        case.status = CaseStatus.SENT_BACK
        case.assigned_to = case.assigned_to or officer  # they decide it once corrected
        case.save(update_fields=["status", "assigned_to"])
        record_status(
            application=case.application, case=case, status=case.status, actor=officer,
            channel=channel, note=message,
        )  # fmt: skip
        refresh_application_status(application=case.application, actor=officer, channel=channel)
        record_audit(
            actor=officer,
            action="case.sent_back",
            obj=case,
            channel=channel,
            details={
                "fields": correction.field_names,
                "documents": correction.document_names,
                "term_ends": str(correction.term_ends),
            },
        )
        notify_case_sent_back(case=case, correction=correction)  # delivered after commit
    return correction


def restart_clock(case: Case, correction: Correction, now: datetime.datetime) -> None:
    """The deadline moves by the working days the case spent in correction (the day it was
    sent back counts as stopped, the day it comes back runs); the time is kept for the
    statistics."""
    paused = working_days_between(timezone.localdate(correction.sent_at), timezone.localdate(now))
    correction.paused_working_days = paused
    correction.ended_at = now
    case.due_date = add_working_days(correction.due_date_before, paused)
    case.time_in_correction += now - correction.sent_at


def _corrected_values(case: Case, correction: Correction, data: Any) -> dict[str, Any]:
    slug = case.service.slug
    if not isinstance(data, dict):
        raise Invalid("invalid_application", [FieldProblem(f"data.{slug}", "type.object")])
    named = correction.field_names
    problems = [
        FieldProblem(f"data.{slug}.{name}", "correction.not_requested")
        for name in data
        if name not in named
    ]
    if problems:
        raise Invalid("invalid_application", problems)
    merged = {**case.data, **data}
    return {name: value for name, value in merged.items() if value is not None}  # None clears


def _documents_not_replaced(
    case: Case, correction: Correction, held: Sequence[Attachment]
) -> list[FieldProblem]:
    """A problem for each document named that was neither uploaded since the send-back nor
    given as a held document now."""
    if not correction.document_names:
        return []
    slug = case.service.slug
    replaced = {d.kind for d in held if d.service_slug == slug}
    replaced |= set(
        Attachment.objects.filter(
            application_id=case.application_id, service_slug=slug,
            uploaded_at__gte=correction.sent_at,
        ).values_list("kind", flat=True)
    )  # fmt: skip
    return [
        FieldProblem(f"attachments.{slug}.{kind}", "correction.document_required",
                     {"label": dict(correctable_documents(case.service)).get(kind) or kind})
        for kind in correction.document_names
        if kind not in replaced
    ]  # fmt: skip


def _failed_rejecting_checks(
    service: ServiceVersion, outcomes: list[dict[str, Any]]
) -> list[FieldProblem]:
    """A problem for each check that rejects and fails on the corrected values, on the first
    form field it takes (else the service's values), saying why: resubmitted, the case would
    only be rejected, so the citizen may still correct it within the term."""
    inputs = {step["check"]: step.get("inputs", {}) for step in service.steps
              if step["kind"] == "check"}  # fmt: skip
    problems = []
    for outcome in outcomes:
        if outcome["passed"] or outcome["on_fail"] != "reject":
            continue
        fields = list(inputs.get(outcome["check"], {}).values())
        path = f"data.{service.slug}.{fields[0]}" if fields else f"data.{service.slug}"
        problems.append(
            FieldProblem(path, "correction.check_failed", {"reason": outcome["message"]})
        )
    return problems


def resubmit_correction(
    *,
    case: Case,
    citizen: Any,
    data: Any,
    channel: str,
    checks: CheckRegistry = default_checks,
    documents: Sequence[str] = (),
) -> Case:
    """The citizen's corrected values of the fields named (``data``: ``{field: value}``; the
    other values are kept), checked as the form's step checks them, resubmitted: the case
    awaits a decision again and its deadline restarts. Each document named must have been
    replaced since the send-back: uploaded to the application (``upload_attachment`` takes a
    named document while the case is sent back), or given now as a held document's id
    (``documents``, GovStack's ``documentUrls``), bound here.

    ``NotFound`` for another's case; ``Conflict`` when it is not sent back or its term has
    passed; ``Invalid`` for a field not named, a value the form refuses, a document named not
    replaced, nothing changed, or an automatic check that rejects failing on the new values
    (``correction.check_failed``, its reason; a check that only flags is kept for the
    officer as on submission)."""
    case = Case.objects.select_related("application", "service").get(pk=case.pk)
    if case.application.citizen_id != getattr(citizen, "pk", None):
        raise NotFound("not_found.case")
    correction = open_correction(case)
    if correction is None:
        raise Conflict("correction.not_sent_back")
    if correction.term_ends < timezone.localdate():
        raise Conflict("correction.term_passed")
    values = _corrected_values(case, correction, data)
    slug = case.service.slug
    application = case.application
    held = held_documents(citizen=citizen, documents=documents, services=[case.service])
    problems = step_problems(application=application, service=case.service, values=values)
    problems += _documents_not_replaced(case, correction, held)
    problems += [  # only what the agency asked for is replaced: the rest was reviewed already
        FieldProblem(f"attachments.{slug}.{d.kind}", "correction.document_not_requested")
        for d in held
        if d.kind not in correction.document_names
    ]
    if problems:
        raise Invalid("invalid_application", problems)
    changed = [name for name in correction.field_names if values.get(name) != case.data.get(name)]
    changed += correction.document_names
    if not changed:
        raise Invalid(
            "correction.unchanged",
            [
                FieldProblem(f"data.{slug}.{n}", "correction.unchanged")
                for n in correction.field_names
            ],
        )
    outcomes = run_checks(
        application=application, service=case.service, subject=application.subject_iin,
        data=values, checks=checks,
    )  # fmt: skip
    refused = _failed_rejecting_checks(case.service, outcomes)
    if refused:
        raise Invalid("correction.check_failed", refused)
    reassessment = reassess_fee(case, values)  # refused when a fee paid online would rise
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application__citizen", "service", "agency")
            .get(pk=case.pk)
        )
        correction = open_correction(case)
        if correction is None:  # resubmitted meanwhile (a double click)
            raise Conflict("correction.not_sent_back")
        if held:
            bind_documents(application=case.application, documents=held, actor=citizen,
                           channel=channel)  # fmt: skip
        now = timezone.now()
        restart_clock(case, correction, now)
        correction.outcome = CorrectionOutcome.CORRECTED
        correction.changed = changed
        correction.save(update_fields=["outcome", "ended_at", "paused_working_days", "changed"])
        case.data = values
        case.checks = outcomes
        case.status = CaseStatus.CORRECTED
        case.save(update_fields=["data", "checks", "status", "due_date", "time_in_correction"])
        if reassessment is not None:
            record_reassessment(
                case=case, reassessment=reassessment, actor=citizen, channel=channel
            )
        application = case.application
        application.data = {**application.data, slug: values}
        application.save(update_fields=["data", "updated_at"])
        record_status(
            application=application, case=case, status=case.status, actor=citizen,
            channel=channel,
        )  # fmt: skip
        refresh_application_status(application=application, actor=citizen, channel=channel)
        record_audit(
            actor=citizen,
            action="case.corrected",
            obj=case,
            channel=channel,
            details={
                "changed": changed,
                "paused_working_days": correction.paused_working_days,
                "due_date": case.due_date.isoformat(),
            },
        )
    return case
