"""The writes of a new application and of a submission, in the caller's transaction: a new one
saved with its first history line (``save_new``; its reference drawn again when taken), then
submitted with a case per plan (``mark_submitted``, ``write_submission``), its history lines,
audit records, notifications and jobs gathered and written at the end, one INSERT each."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications import references
from qyzmet.applications.history import Writes, held_in_memory, hold_in_memory, record_status
from qyzmet.applications.making import both_people
from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.applications.signature_checks import CheckedSignature, keep_signature
from qyzmet.applications.status import derive_application_status
from qyzmet.applications.submission import CasePlan, open_case, opening_status
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.notifications.events import notify_application_submitted
from qyzmet.representation.grounds import Ground


def save_new(
    application: Application,
    *,
    citizen: Any,
    channel: str,
    hold: bool = False,
    writes: Writes | None = None,
) -> Application:
    """Save a new application with its first history line (a draft's: one submitted in the
    same call is written submitted, ``mark_submitted``) and audit record (``writes``: the
    application too, gathered there and written first by the caller in this transaction).
    Call it first in its transaction: should its reference be taken, the transaction is tried
    again with another (``taken``)."""
    application.reference = references.new_reference()  # drawn again if taken (``taken``)
    if writes is not None:
        writes.insert(application)  # written first, when the caller writes what it gathered
    else:
        application.save(force_insert=True)
    if hold:  # new: its every case and history line is written in this call; none is held
        # from a try whose transaction rolled back (its reference was taken)
        application._prefetched_objects_cache = {}  # type: ignore[attr-defined]
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


def taken(application: Application) -> bool:
    """After the transaction saving ``application`` new was refused and rolled back: whether
    its INSERT was, for a reference another application holds (``save_new`` draws another
    when tried again). The unique constraint is the check: no read before each INSERT."""
    if not application._state.adding:  # its INSERT went through: refused for something else
        return False
    return Application.objects.filter(reference=application.reference).exists()


def request_digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def save_new_application(
    application: Application, *, citizen: Any, channel: str, plans: list[CasePlan] | None = None
) -> Application:
    """Save an application made by ``new_application`` (writes only, in the caller's
    transaction): as a draft, or submitted with its cases when ``plans`` are given."""
    while True:
        try:
            with transaction.atomic():
                if plans is None:
                    return save_new(application, citizen=citizen, channel=channel)
                digest = request_digest({"application": str(application.pk)})
                mark_submitted(application, plans=plans, idempotency_key=None, digest=digest)
                save_new(application, citizen=citizen, channel=channel)
                return write_submission(
                    application, plans=plans, citizen=citizen, channel=channel,
                    idempotency_key=None, digest=digest,
                )  # fmt: skip
        except IntegrityError:
            if not taken(application):
                raise


def locked_draft(application: Application, *, citizen: Any) -> Application:
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


def mark_submitted(
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


def write_submission(
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
    (``mark_submitted``). Its history lines and audit records are gathered (in ``writes``,
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
            update_fields=mark_submitted(
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
