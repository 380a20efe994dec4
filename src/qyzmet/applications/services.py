"""The write paths of applications: start, save a draft, submit, withdraw. Each runs in one
transaction and writes its audit record; officers' decisions live in ``decisions.py``. A new
application is made in ``making.py``, a submission's reads are in ``preparing.py`` and its
writes in ``saving.py``: here they are put in order, with the retries that keep a submission
made once."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction

from qyzmet.applications.history import Writes, record_status, refresh_application_status
from qyzmet.applications.making import both_people, make_application, new_application
from qyzmet.applications.models import (
    WITHDRAWABLE_CASE_STATUSES,
    Application,
    ApplicationStatus,
    CaseStatus,
)
from qyzmet.applications.preparing import applicable_services, prepare
from qyzmet.applications.presets import apply_presets
from qyzmet.applications.saving import (
    locked_draft,
    mark_submitted,
    request_digest,
    save_new,
    taken,
    write_submission,
)
from qyzmet.applications.signature_checks import SignatureIn, check_signature
from qyzmet.attachments.held import bind_documents, held_documents
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.core.prepared import prepared
from qyzmet.core.turns import turn_at_first_write
from qyzmet.exchange.records import KeptRecords, kept_access_records
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks


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
                return save_new(application, citizen=citizen, channel=channel)
        except IntegrityError:
            if not taken(application):
                raise


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


def _replay(citizen: Any, idempotency_key: str, digest: str) -> Application | None:
    earlier = Application.objects.filter(citizen=citizen, idempotency_key=idempotency_key).first()
    if earlier is not None and earlier.request_digest != digest:
        raise Conflict("idempotency.conflict")
    return earlier


@prepared  # its statements are lookups by key and writes (decision 0080)
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
        application, read = make_application(
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
    plans, ground = prepare(
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
            # A new application is made in memory and written at the end: on SQLite its
            # transaction holds the writers' turn for those writes alone (``core.turns``). A
            # draft is read locked first, so it begins as usual.
            with turn_at_first_write(application._state.adding), transaction.atomic():
                writes = Writes()  # the rows, lines, audit records...: one INSERT each, at the end
                submitted: Application | None = None
                if application._state.adding:  # first, written once, submitted already
                    mark_submitted(
                        application, plans=plans, idempotency_key=idempotency_key, digest=digest
                    )
                    save_new(
                        application, citizen=citizen, channel=channel, hold=answer_held,
                        writes=writes,
                    )  # fmt: skip
                    # the registries' access records of this submission, their audit records
                    # in the one INSERT of its own (``write_submission`` writes them)
                    records.write(audits=writes)
                else:
                    records.write()
                    read_at = application.updated_at
                    application = locked_draft(application, citizen=citizen)
                    if application.status != ApplicationStatus.DRAFT:
                        submitted = application  # submitted already: a double click, or a retry
                    elif application.updated_at != read_at:  # changed meanwhile: prepare again
                        plans, ground = prepare(
                            application, citizen=citizen, checks=checks,
                            company=signed_in_company, documents=held,
                        )  # fmt: skip
                        records.write()
                if submitted is None and held:
                    # the application first: a concurrent request under the same key is
                    # refused by its key (and answered as that one) before it binds these
                    writes.write_rows()
                    bind_documents(application=application, documents=held, actor=citizen,
                                   channel=channel)  # fmt: skip
                if submitted is None:
                    submitted = write_submission(
                        application, plans=plans, citizen=citizen, channel=channel,
                        idempotency_key=idempotency_key, digest=digest, signed=signed,
                        ground=ground, writes=writes,
                    )  # fmt: skip
            records.kept()  # after the commit: had it failed, they would be written apart
            return submitted
        except IntegrityError:
            records.rolled_back()  # the registries' reads are recorded once, whatever follows
            # A concurrent request with the same key committed first: answer as it did.
            if idempotency_key and (earlier := _replay(citizen, idempotency_key, digest)):
                return earlier
            if not taken(application):  # refused before anything else was written
                raise


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
