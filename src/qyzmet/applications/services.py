"""The write paths of applications: start, save a draft, submit, withdraw. Each runs in one
transaction and writes its audit record; officers' decisions live in ``decisions.py``."""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications import references
from qyzmet.applications.history import (
    Writes,
    held_in_memory,
    hold_in_memory,
    record_status,
    refresh_application_status,
)
from qyzmet.applications.models import (
    WITHDRAWABLE_CASE_STATUSES,
    Application,
    ApplicationStatus,
    CaseStatus,
)
from qyzmet.applications.presets import apply_presets, fact_reads, with_preset_answers
from qyzmet.applications.reads import answer_values, prefill_values, submission_values
from qyzmet.applications.relations import service_form_problems
from qyzmet.applications.signature_checks import (
    CheckedSignature,
    SignatureIn,
    check_signature,
    keep_signature,
)
from qyzmet.applications.status import derive_application_status
from qyzmet.applications.subjects import confirmed_by_read, resolve_subject
from qyzmet.applications.submission import CasePlan, open_case, opening_status, plan_case
from qyzmet.applications.validation import answer_problems, services_that_apply
from qyzmet.attachments.held import bind_documents, held_documents
from qyzmet.attachments.selectors import missing_attachments
from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import (
    life_situation_version,
    service_version,
    service_versions,
    versions_by_pk,
)
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.records import KeptRecords, kept_access_records
from qyzmet.notifications.events import notify_application_submitted
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks
from qyzmet.representation.grounds import Ground


def _versions_for(*, life_situation: str | None, service: str | None) -> dict[str, Any]:
    if bool(life_situation) == bool(service):
        raise Invalid("choose_one_of_situation_or_service")
    if life_situation:
        situation = life_situation_version(life_situation)
        if situation is None:
            raise NotFound("not_found.life_situation")
        slugs = [entry["service"] for entry in situation.definition["services"]]
        versions = service_versions(slugs)
        return {"life_situation": situation, "service": None, "versions": versions}
    single = service_version(str(service))
    if single is None:
        raise NotFound("not_found.service")
    return {"life_situation": None, "service": single, "versions": {single.slug: single}}


def _prefilled_data(versions: dict[str, ServiceVersion], prefill: dict[str, Any]) -> dict:
    data: dict[str, dict[str, Any]] = {}
    for slug, version in versions.items():
        for name, spec in version.form["properties"].items():
            source = spec.get("x-prefill")
            if source and prefill.get(source) is not None:
                data.setdefault(slug, {})[name] = prefill[source]
    return data


def new_application(
    *,
    citizen: Any,
    channel: str,
    life_situation: str | None = None,
    service: str | None = None,
    on_behalf_of: str | None = None,
    answers: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    signed_in_company: Mapping[str, str] | None = None,
) -> Application:
    """A draft, pre-filled from the registries, not yet saved (reads only)."""
    application, _ = _new_application(
        citizen=citizen, channel=channel, life_situation=life_situation, service=service,
        on_behalf_of=on_behalf_of, answers=answers, data=data, submitting=False,
        signed_in_company=signed_in_company,
    )  # fmt: skip
    return application


def _new_application(
    *,
    citizen: Any,
    channel: str,
    life_situation: str | None,
    service: str | None,
    on_behalf_of: str | None,
    answers: dict[str, Any] | None,
    data: dict[str, Any] | None,
    submitting: bool,
    signed_in_company: Mapping[str, str] | None = None,
) -> tuple[Application, dict[str, Any]]:
    """A new application, not yet saved, and what was read for it. A draft's forms are
    pre-filled from every service's declared fields; one ``submitting`` in this same call
    reads once, as the submission's extract, the fields of the services its answers select
    (``reads.submission_values``), and its forms are pre-filled from those; a question they
    leave open that a registry fact answers is answered first, from a read of the fact's fields
    alone (``reads.answer_values``). Either way what the state has is pre-set where the caller
    left it open (``presets.apply_presets``)."""
    found = _versions_for(life_situation=life_situation, service=service)
    versions: dict[str, ServiceVersion] = found["versions"]
    ground = resolve_subject(
        citizen=citizen, on_behalf_of=on_behalf_of, services=versions.values(),
        signed_in_company=signed_in_company, read_follows=True,
    )  # fmt: skip
    subject = ground.subject_iin
    application = Application(id=uuid.uuid4(), citizen=citizen, **_parties(ground))
    situation = found["life_situation"]
    if submitting:
        read = {}
        if situation is not None:  # what the registries answer is not asked: read it first
            decided, paths = fact_reads(situation.definition, answers or {})
            if paths:
                deciding = [versions[slug] for slug in decided if slug in versions]
                read = answer_values(application, subject, deciding, paths)
                answers = with_preset_answers(situation.questions, read, answers)
        slugs = services_that_apply(situation.definition, answers or {}) if situation else versions
        selected = [versions[slug] for slug in slugs if slug in versions]
        read = {**read, **submission_values(application, subject, selected)}
    else:
        read = prefill_values(application, subject, versions.values())
    confirmed_by_read(citizen, ground, read)
    declared = {path for version in versions.values() for path in version.registry_data}
    prefill = {path: value for path, value in read.items() if path in declared}
    initial = _prefilled_data(versions, prefill)
    for slug, values in (data or {}).items():
        initial[slug] = {**initial.get(slug, {}), **values} if isinstance(values, dict) else values
    if situation is not None:  # what the state has is pre-set where the caller left it open
        answers, initial = apply_presets(situation, prefill=prefill, answers=answers, data=initial)
    application = Application(
        id=application.pk,
        citizen=citizen,
        **_parties(ground),
        life_situation=found["life_situation"],
        service=found["service"],
        service_versions={slug: v.pk for slug, v in versions.items()},
        channel=channel,
        answers=answers or {},
        data=initial,
        prefill=prefill,
    )
    return application, read


def _parties(ground: Ground) -> dict[str, Any]:
    """The fields of an application that say whom it is for and on what ground."""
    return {
        "subject_iin": ground.subject_iin,
        "subject_bin": ground.subject_bin or None,
        "ground": ground.kind,
        "mandate_id": ground.mandate_id,
    }


def both_people(application: Application, **more: Any) -> dict[str, Any]:
    """Audit details naming whom the application is for beside the actor (the audit record's
    own), by keyed hash, never an IIN in clear; and on what ground they act."""
    details: dict[str, Any] = {"subject": subject_digest(application.subject_iin)}
    if application.subject_bin:
        details["company"] = subject_digest(application.subject_bin)
    if application.ground != "self":
        details["ground"] = application.ground
    if application.mandate_id:
        details["mandate"] = str(application.mandate_id)
    return {**details, **more}


def _save_new(
    application: Application,
    *,
    citizen: Any,
    channel: str,
    hold: bool = False,
    writes: Writes | None = None,
) -> Application:
    """Save a new application with its first history line (a draft's: one submitted in the
    same call is written submitted, ``_mark_submitted``) and audit record (``writes``:
    gathered there, written by the caller in this transaction). Call it first in its
    transaction: should its reference be taken, the transaction is tried again with another
    (``_taken``)."""
    application.reference = references.new_reference()  # drawn again if taken (_taken)
    application.save(force_insert=True)
    if hold:  # new: its every case and history line is written in this call
        hold_in_memory(application, cases=[])
    gathered = writes if writes is not None else Writes()
    record_status(
        application=application, status=ApplicationStatus.DRAFT, actor=citizen, channel=channel,
        writes=gathered,
    )  # fmt: skip
    gathered.audit(
        actor=citizen,
        action="application.started",
        obj=application,
        channel=channel,
        details=both_people(application),
    )
    if writes is None:
        gathered.write()
    return application


def start_application(
    *,
    citizen: Any,
    channel: str,
    life_situation: str | None = None,
    service: str | None = None,
    on_behalf_of: str | None = None,
    answers: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    signed_in_company: Mapping[str, str] | None = None,
) -> Application:
    """Start a draft for a life situation or one service, pre-filled from the registries, for
    the citizen or for whom ``on_behalf_of`` names (an IIN or a BIN) if they may act for them
    (``representation.selectors.acting_for``)."""
    application = new_application(
        citizen=citizen, channel=channel, life_situation=life_situation, service=service,
        on_behalf_of=on_behalf_of, answers=answers, data=data,
        signed_in_company=signed_in_company,
    )  # fmt: skip
    while True:
        try:
            with transaction.atomic():
                return _save_new(application, citizen=citizen, channel=channel)
        except IntegrityError:
            if not _taken(application):
                raise


def _taken(application: Application) -> bool:
    """After the transaction saving ``application`` new was refused and rolled back: whether
    its INSERT was, for a reference another application holds (``_save_new`` draws another
    when tried again). The unique constraint is the check: no read before each INSERT."""
    if not application._state.adding:  # its INSERT went through: refused for something else
        return False
    return Application.objects.filter(reference=application.reference).exists()


def _own_application(application_id: Any, citizen: Any) -> Application:
    application = Application.objects.filter(pk=application_id, citizen=citizen).first()
    if application is None:
        raise NotFound("not_found.application")
    return application


def save_draft(
    *,
    application: Application,
    citizen: Any,
    channel: str,
    answers: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Application:
    """Keep what the citizen has entered so far; nothing is validated until submission."""
    with transaction.atomic():
        application = _own_application(application.pk, citizen)
        if application.status != ApplicationStatus.DRAFT:
            raise Conflict("application.not_draft")
        if answers is not None:
            application.answers = {**application.answers, **answers}
        for slug, values in (data or {}).items():
            current = application.data.get(slug, {})
            application.data[slug] = {**current, **values} if isinstance(values, dict) else values
        if application.life_situation is not None:
            application.answers, application.data = apply_presets(
                application.life_situation, prefill=application.prefill,
                answers=application.answers, data=application.data,
            )  # fmt: skip
        application.save(update_fields=["answers", "data", "updated_at"])
        record_audit(
            actor=citizen, action="application.draft_saved", obj=application, channel=channel,
            details=both_people(application),
        )  # fmt: skip
    return application


def applicable_services(application: Application) -> list[ServiceVersion]:
    """The service versions this application's answers select."""
    if application.life_situation is None:
        slugs = list(application.service_versions)
    else:
        slugs = services_that_apply(application.life_situation.definition, application.answers)
    by_pk = versions_by_pk(application.service_versions[slug] for slug in slugs)
    return [by_pk[application.service_versions[slug]] for slug in slugs]


def application_problems(
    application: Application,
    *,
    services: list[ServiceVersion] | None = None,
    documents: Sequence[Any] = (),
) -> list[Any]:
    """What stops ``application`` from being submitted (``services``: its applicable services,
    when the caller has them already; ``documents``: held documents about to be bound)."""
    problems = []
    if application.life_situation is not None:
        questions = application.life_situation.questions
        problems.extend(answer_problems(questions, application.answers))
        if problems:
            return problems
    if services is None:
        services = applicable_services(application)
    if not services:
        raise Invalid("no_services_apply")
    for service in services:
        values = application.data.get(service.slug, {})
        problems.extend(
            service_form_problems(application=application, service=service, values=values)
        )
        problems.extend(missing_attachments(application, service, documents=documents))
    return problems


def request_digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(citizen: Any, idempotency_key: str, digest: str) -> Application | None:
    earlier = Application.objects.filter(citizen=citizen, idempotency_key=idempotency_key).first()
    if earlier is not None and earlier.request_digest != digest:
        raise Conflict("idempotency.conflict")
    return earlier


def submit_application(
    *,
    citizen: Any,
    channel: str,
    application: Application | None = None,
    life_situation: str | None = None,
    service: str | None = None,
    on_behalf_of: str | None = None,
    answers: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
    checks: CheckRegistry | None = None,
    signature: SignatureIn | None = None,
    signed_in_company: Mapping[str, str] | None = None,
    documents: Sequence[str] = (),
    answer_held: bool = False,
    key_claimed: bool = False,
) -> Application:
    """Submit a draft (``application``) or a new application in one call, split into one case
    per service. The same ``idempotency_key`` with the same request returns the first
    application; a submitted draft submitted again is returned as it is. ``key_claimed``: the
    caller claimed the key for this request alone and no request before it under the key was
    answered (``api.idempotency``), so an application under it is not looked up first: the
    key's constraint still finds one, after the reads (recorded all the same). A service whose
    catalogue asks for a signature needs the applicant's ``signature`` of the draft's document
    (``applications.signing``; refused with ``SignatureRefused`` otherwise). ``documents``:
    ids of the citizen's held documents (``attachments.held``) that become its attachments. With
    ``answer_held``, a new application submitted in this call is returned holding its cases and
    history as written (as if prefetched: ``history.held_in_memory``), for an answer built
    without reading it back; read it again to see any later change."""
    with kept_access_records() as records:  # written with the submission, when it stands
        return _submit_keeping(
            records, citizen=citizen, channel=channel, application=application,
            life_situation=life_situation, service=service, on_behalf_of=on_behalf_of,
            answers=answers, data=data, idempotency_key=idempotency_key, checks=checks,
            signature=signature, signed_in_company=signed_in_company, documents=documents,
            answer_held=answer_held, key_claimed=key_claimed,
        )  # fmt: skip


def _submit_keeping(
    records: KeptRecords,
    *,
    citizen: Any,
    channel: str,
    application: Application | None,
    life_situation: str | None,
    service: str | None,
    on_behalf_of: str | None,
    answers: dict[str, Any] | None,
    data: dict[str, Any] | None,
    idempotency_key: str | None,
    checks: CheckRegistry | None,
    signature: SignatureIn | None,
    signed_in_company: Mapping[str, str] | None,
    documents: Sequence[str],
    answer_held: bool,
    key_claimed: bool,
) -> Application:
    digest = request_digest(
        {
            "application": application.pk if application else None,
            "life_situation": life_situation,
            "service": service,
            "on_behalf_of": on_behalf_of,
            "answers": answers,
            "data": data,
            **({"documents": list(documents)} if documents else {}),
        }
    )
    if (
        idempotency_key
        and not key_claimed
        and (earlier := _replay(citizen, idempotency_key, digest))
    ):
        return earlier
    if application is not None and (answers is not None or data):
        # Submitted meanwhile (a double click or a retry)? Then it is answered below as it is.
        with contextlib.suppress(Conflict):
            application = save_draft(
                application=application, citizen=citizen, channel=channel, answers=answers,
                data=data,
            )  # fmt: skip
    read: dict[str, Any] | None = None  # what the registries said, for a new application
    if application is None:
        application, read = _new_application(
            citizen=citizen, channel=channel, life_situation=life_situation, service=service,
            on_behalf_of=on_behalf_of, answers=answers, data=data, submitting=True,
            signed_in_company=signed_in_company,
        )  # fmt: skip
    else:
        application = _own_application(application.pk, citizen)
    checks = checks or default_checks
    held = []
    if documents and application.status == ApplicationStatus.DRAFT:
        held = held_documents(
            citizen=citizen, documents=documents, services=applicable_services(application)
        )
    # Everything that only reads (validation, registry extracts, automatic checks) happens
    # before the write transaction, so the write lock is held for the writes alone.
    plans, ground = _prepare(
        application, citizen=citizen, checks=checks, read=read, company=signed_in_company,
        documents=held,
    )  # fmt: skip
    signed = None
    if application.status == ApplicationStatus.DRAFT:  # checked before the write lock, too
        signed = check_signature(
            application=application, services=[plan.service for plan in plans],
            signature=signature, citizen=citizen, channel=channel,
            ground=ground.kind if ground else None,
        )  # fmt: skip
    while True:
        try:
            with transaction.atomic():
                writes = Writes()  # history lines, audit records...: one INSERT each, at the end
                if application._state.adding:  # first, written once, submitted already
                    _mark_submitted(
                        application, plans=plans, idempotency_key=idempotency_key, digest=digest
                    )
                    _save_new(
                        application, citizen=citizen, channel=channel, hold=answer_held,
                        writes=writes,
                    )  # fmt: skip
                    # the registries' access records of this submission, their audit records
                    # in the one INSERT of its own (``_submit`` writes them)
                    records.write(audits=writes)
                else:
                    records.write()
                    read_at = application.updated_at
                    application = _locked_draft(application, citizen=citizen)
                    if application.status != ApplicationStatus.DRAFT:
                        records.kept()
                        return application  # submitted already: a double click, or a retry
                    if application.updated_at != read_at:  # changed meanwhile: prepare again
                        plans, ground = _prepare(
                            application, citizen=citizen, checks=checks,
                            company=signed_in_company, documents=held,
                        )  # fmt: skip
                        records.write()
                if held:
                    bind_documents(application=application, documents=held, actor=citizen,
                                   channel=channel)  # fmt: skip
                submitted = _submit(
                    application, plans=plans, citizen=citizen, channel=channel,
                    idempotency_key=idempotency_key, digest=digest, signed=signed, ground=ground,
                    writes=writes,
                )  # fmt: skip
            records.kept()
            return submitted
        except IntegrityError:
            # A concurrent request with the same key committed first: answer as it did.
            if idempotency_key and (earlier := _replay(citizen, idempotency_key, digest)):
                return earlier
            if not _taken(application):  # refused before anything else was written
                raise


def _prepare(
    application: Application,
    *,
    citizen: Any,
    checks: CheckRegistry,
    read: dict[str, Any] | None = None,
    company: Mapping[str, str] | None = None,
    documents: Sequence[Any] = (),
) -> tuple[list[CasePlan], Ground | None]:
    """Validate and work out every case; reads only. Nothing to do for a submitted one.
    ``read``: what was read for a new application in this same call, its subject resolved
    then (``_new_application``); else whether the citizen may still act for its subject for
    the services that apply is asked again (a mandate may have ended or expired since the
    draft was started: ``Forbidden``), and the extracts are read now. Returns the plans and
    the ground asked again (``None``: asked in this same call)."""
    if application.status == ApplicationStatus.WITHDRAWN:
        raise Conflict("application.not_draft")
    if application.status != ApplicationStatus.DRAFT:
        return [], None
    services = applicable_services(application)
    problems = application_problems(application, services=services, documents=documents)
    if problems:
        raise Invalid("invalid_application", problems)
    subject = application.subject_iin
    ground = None
    if read is None:
        ground = resolve_subject(
            citizen=citizen, on_behalf_of=application.subject_bin or application.subject_iin,
            services=services, signed_in_company=company, read_follows=True,
        )  # fmt: skip
        subject = ground.subject_iin
        read = submission_values(application, subject, services)
        confirmed_by_read(citizen, ground, read)
    plans = [
        plan_case(
            application=application, service=service, subject=subject, checks=checks, read=read
        )
        for service in services
    ]
    return plans, ground


def prepare_submission(
    application: Application, *, citizen: Any, checks: CheckRegistry | None = None
) -> list[CasePlan]:
    """Validate a new (unsaved) application and read what its cases need from the registries
    (extracts, automatic checks): reads only, to be done before a write transaction."""
    plans, _ = _prepare(application, citizen=citizen, checks=checks or default_checks)
    return plans


def save_new_application(
    application: Application, *, citizen: Any, channel: str, plans: list[CasePlan] | None = None
) -> Application:
    """Save an application made by ``new_application`` (writes only, in the caller's
    transaction): as a draft, or submitted with its cases when ``plans`` are given."""
    while True:
        try:
            with transaction.atomic():
                if plans is None:
                    return _save_new(application, citizen=citizen, channel=channel)
                digest = request_digest({"application": str(application.pk)})
                _mark_submitted(application, plans=plans, idempotency_key=None, digest=digest)
                _save_new(application, citizen=citizen, channel=channel)
                return _submit(
                    application, plans=plans, citizen=citizen, channel=channel,
                    idempotency_key=None, digest=digest,
                )  # fmt: skip
        except IntegrityError:
            if not _taken(application):
                raise


def _locked_draft(application: Application, *, citizen: Any) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("life_situation", "service")
        .filter(pk=application.pk, citizen=citizen)
        .first()
    )
    if locked is None:
        raise NotFound("not_found.application")
    if locked.status == ApplicationStatus.WITHDRAWN:
        raise Conflict("application.not_draft")
    return locked


def _mark_submitted(
    application: Application,
    *,
    plans: list[CasePlan],
    idempotency_key: str | None,
    digest: str,
    ground: Ground | None = None,
) -> list[str]:
    """Set on ``application`` (not saved) what its submission changes: the status its cases
    leave it in once opened (``submission.opening_status``), the time, the idempotency key,
    and the ground asked again (``None``: asked in this same call); the fields set."""
    application.status = derive_application_status(opening_status(plan) for plan in plans)
    application.submitted_at = timezone.now()
    application.idempotency_key = idempotency_key
    application.request_digest = digest if idempotency_key else ""
    if ground is not None:  # asked again at submission: the mandate in force now
        application.ground, application.mandate_id = ground.kind, ground.mandate_id
    return [
        "status", "submitted_at", "idempotency_key", "request_digest", "ground", "mandate",
        "updated_at",
    ]  # fmt: skip


def _submit(
    application: Application,
    *,
    plans: list[CasePlan],
    citizen: Any,
    channel: str,
    idempotency_key: str | None,
    digest: str,
    signed: CheckedSignature | None = None,
    ground: Ground | None = None,
    writes: Writes | None = None,
) -> Application:
    """Submit ``application`` with a case per plan, in the caller's transaction: a draft
    saved before is updated once, one saved in this call was written submitted already
    (``_mark_submitted``). Its history lines and audit records are gathered (in ``writes``,
    with what the caller gathered before) and written at the end, one INSERT each; the lines
    are those of a draft submitted, then of each case opened, then of the status they leave
    it in."""
    gathered = writes if writes is not None else Writes()
    services = [plan.service for plan in plans]
    keep_signature(
        application=application, services=services, checked=signed, citizen=citizen,
        channel=channel,
    )  # fmt: skip
    if application.status == ApplicationStatus.DRAFT:  # saved before this call
        application.save(
            update_fields=_mark_submitted(
                application, plans=plans, idempotency_key=idempotency_key, digest=digest,
                ground=ground,
            )
        )  # fmt: skip
    record_status(
        application=application, status=ApplicationStatus.SUBMITTED, actor=citizen,
        channel=channel, writes=gathered,
    )  # fmt: skip
    notify_application_submitted(application=application, outbox=gathered.outbox)  # after commit
    cases = [
        open_case(
            application=application, plan=plan, actor=citizen, channel=channel, writes=gathered
        )
        for plan in plans
    ]
    if held_in_memory(application):
        hold_in_memory(application, cases=cases)  # started in this call: it is all here
    gathered.audit(
        actor=citizen,
        action="application.submitted",
        obj=application,
        channel=channel,
        details=both_people(application, cases=[str(c.pk) for c in cases]),
    )
    if application.status != ApplicationStatus.SUBMITTED:  # as the cases just opened leave it
        record_status(
            application=application, status=application.status, actor=None, channel="system",
            writes=gathered,
        )  # fmt: skip
    gathered.write()
    return application


def withdraw_application(
    *, application: Application, citizen: Any, channel: str, reason: str = ""
) -> Application:
    """Withdraw a draft, or every case of a submitted application not yet decided."""
    with transaction.atomic():
        application = _own_application(application.pk, citizen)
        pending = application.cases.filter(status__in=WITHDRAWABLE_CASE_STATUSES)
        if application.status == ApplicationStatus.DRAFT:
            application.status = ApplicationStatus.WITHDRAWN
            application.save(update_fields=["status", "updated_at"])
            record_status(
                application=application,
                status=application.status,
                actor=citizen,
                channel=channel,
                note=reason,
            )
        elif not pending.exists():
            raise Conflict("application.not_withdrawable")
        else:
            for case in pending:
                case.status = CaseStatus.WITHDRAWN
                case.save(update_fields=["status"])
                record_status(
                    application=application,
                    case=case,
                    status=case.status,
                    actor=citizen,
                    channel=channel,
                    note=reason,
                )
            refresh_application_status(application=application, actor=citizen, channel=channel)
        record_audit(
            actor=citizen,
            action="application.withdrawn",
            obj=application,
            channel=channel,
            details=both_people(application, **({"reason": reason} if reason else {})),
        )
    return application
