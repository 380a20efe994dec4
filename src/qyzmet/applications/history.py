"""Writing status history lines (called only from the domain functions). Every line is also
announced to the partner the application came through, if any (a webhook, in the same
transaction). A change that writes several lines and audit records (a submission) may gather
them in ``Writes`` and write them at its end, one INSERT each, still in its transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db import models

from qyzmet.applications.models import Application, Case, StatusChange
from qyzmet.applications.status import derive_application_status
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.services import SYSTEM, audit_record, audits_written, point_at, prepare_audits
from qyzmet.core.inserts import Insert, prepare_insert
from qyzmet.core.tasks import Jobs
from qyzmet.notifications.services import Outbox
from qyzmet.partners.webhooks import announce_status_change

CaseListener = Callable[[Case], object]
_case_listeners: list[CaseListener] = []


def on_case_status(listener: CaseListener) -> None:
    """Call ``listener(case)`` inside the transaction of every status change of a case (the
    payments app refunds a rejected case's fee this way), but those of a case being opened
    (``opening``): it has nothing of its own yet (an appeal, a payment, a visit, a prepared
    decision) for a listener to act on."""
    if listener not in _case_listeners:
        _case_listeners.append(listener)


@contextmanager
def opening(case: Case) -> Iterator[Case]:
    """While ``case`` is opened in this change (its first history lines written), the
    listeners of its status are not called (``on_case_status``): no query for what it cannot
    have yet."""
    case._opening = True  # type: ignore[attr-defined]
    try:
        yield case
    finally:
        del case._opening  # type: ignore[attr-defined]


@dataclass
class Writes:
    """The history lines, audit records, notifications and jobs of one change, gathered as it
    happens and written by ``write`` before its transaction ends: one INSERT of lines (each
    then announced, as ``record_status`` does), one of audit records, one of notifications
    (``notifications.services.Outbox``) and one of jobs, their delivery's and any other
    (``core.tasks.Jobs``). Each keeps the time it was made at. New rows the change makes (an
    application, its cases: ``insert``) and those its audit records name whose keys the
    database sets (``audit_new_rows``) are written first, so a change can make everything
    before it writes anything; ``write`` prepares every row's values before its first
    statement, so that its writes hold SQLite's writers' turn for the statements alone
    (``core.turns``)."""

    rows: list[models.Model] = field(default_factory=list)  # new, keyed already (UUIDs)
    named: list[tuple[list[models.Model], list[AuditRecord]]] = field(default_factory=list)
    lines: list[StatusChange] = field(default_factory=list)
    audits: list[AuditRecord] = field(default_factory=list)
    outbox: Outbox = field(default_factory=Outbox)
    jobs: Jobs = field(default_factory=Jobs)
    audited: list[Callable[[], object]] = field(default_factory=list)  # once they are written

    def insert(self, row: models.Model) -> None:
        """A new row, its key set, written by ``write`` before all else, in the order given."""
        self.rows.append(row)

    def write_rows(self) -> None:
        """Write the new rows gathered so far, before ``write``: for a change whose next write
        needs them written first (in order, one INSERT for each run of rows of one model)."""
        for insert in self._prepared_rows():
            insert.write()

    def audit(self, **record: Any) -> None:
        """An audit record as ``audit.services.record_audit`` takes it, written by ``write``."""
        self.audits.append(audit_record(**record))

    def audit_new_rows(
        self, rows: list[Any], records: list[AuditRecord], *, then: Callable[[], object]
    ) -> None:
        """New ``rows`` of one model whose keys the database sets (the registry requests the
        change asked, ``exchange.records``), written by ``write`` after those of ``insert``,
        and their audit records (``audit.services.audit_record``, one for each row in its
        order), each pointed at its row once it is written (``point_at``), then written before
        those gathered, in the same INSERT; ``then`` is called once they are."""
        if not rows:
            return
        self.named.append((rows, records))
        self.audits[:0] = records
        self.audited.append(then)

    def write(self) -> None:
        """Write what was gathered; call it inside the change's transaction."""
        rows = self._prepared_rows()  # each row made and prepared before the first write
        named, self.named = [(prepare_insert(made), records) for made, records in self.named], []
        lines, self.lines = prepare_insert(self.lines), []
        pointed = [record for _, records in named for record in records]
        audits, self.audits = prepare_audits(self.audits, pointed_later=pointed), []
        notifications, others = self.outbox.prepare(), self.jobs.prepare()
        audited, self.audited = self.audited, []
        for insert in rows:
            insert.write()
        for accesses, records in named:
            for row, record in zip(accesses.write(), records, strict=True):
                audits.refresh(point_at(record, row), "object_id", "mac")
        for change in lines.write():
            announce_status_change(change=change)  # delivered by a worker after the commit
        audits_written(audits.write())
        for then in audited:
            then()
        deliveries = Jobs()
        self.outbox.deliver(notifications.write(), jobs=deliveries)  # by a worker, after commit
        jobs = deliveries.prepare() + others
        if jobs is not others:
            jobs.made_now(others)  # the deliveries first, as when each was enqueued at once
        jobs.enqueue()
        if (
            self.rows
            or self.named
            or self.lines
            or self.audits
            or self.audited
            or (self.outbox.notifications or self.jobs.waiting)
        ):
            raise RuntimeError("rows gathered while Writes.write wrote: they would be lost")

    def _prepared_rows(self) -> list[Insert[models.Model]]:
        rows, self.rows = self.rows, []
        return [prepare_insert(list(run)) for _, run in groupby(rows, key=type)]


def hold_in_memory(application: Application, *, cases: list[Case]) -> None:
    """Keep ``application``'s cases and history lines in memory as it is written, as if they
    had been read with it (``prefetch_related``): for one whose every case and line was written
    in this same call, the answer is built without reading it back. ``record_status`` adds each
    line it writes to the history held; the cases are kept in their order (``Case.Meta``)."""
    held = getattr(application, "_prefetched_objects_cache", None)
    history = held.get("history") if held else None
    lines = list(history) if history is not None else []
    rows = {"cases": sorted(cases, key=lambda c: (c.due_date, c.created_at)), "history": lines}
    cache: dict[str, Any] = {}
    application._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    for name, found in rows.items():
        query = getattr(application, name).all()
        query._result_cache, query._prefetch_done = found, True
        cache[name] = query


def held_in_memory(application: Application) -> bool:
    """Whether ``application`` holds its cases and history (read with it, or written so)."""
    held = getattr(application, "_prefetched_objects_cache", {})
    return "cases" in held and "history" in held


def record_status(
    *,
    application: Application,
    status: str,
    actor: Any,
    channel: str,
    case: Case | None = None,
    note: str = "",
    writes: Writes | None = None,
) -> StatusChange:
    """A line of history (``writes``: gathered there, written and announced by its ``write``,
    so the line has no id until then)."""
    change = StatusChange(
        application=application,
        case=case,
        status=status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or SYSTEM,
        channel=channel,
        note=note,
    )
    if writes is not None:
        writes.lines.append(change)
    else:
        change.save(force_insert=True)
        announce_status_change(change=change)  # delivered by a worker after the commit
    held = getattr(application, "_prefetched_objects_cache", {}).get("history")
    if held is not None:  # the lines held in memory stay what a read would find
        held._result_cache.append(change)
    if case is not None and not getattr(case, "_opening", False):
        for listener in _case_listeners:
            listener(case)
    return change


def refresh_application_status(
    *,
    application: Application,
    actor: Any,
    channel: str,
    cases: list[Case] | None = None,
    writes: Writes | None = None,
) -> None:
    """Set the application's status from its cases, with a history line when it changes
    (``cases``: all of them, when the caller has just written them; ``writes``: where the
    line is gathered, as ``record_status``)."""
    if cases is not None:
        statuses = [case.status for case in cases]
    else:
        statuses = list(application.cases.values_list("status", flat=True))
    status = derive_application_status(statuses)
    if status != application.status:
        application.status = status
        application.save(update_fields=["status", "updated_at"])
        record_status(
            application=application, status=status, actor=actor, channel=channel, writes=writes
        )


def record_case_event(
    *, case: Case, event: str, actor: Any, channel: str, note: str = ""
) -> StatusChange:
    """A line of the case's history that changes no status (a visit booked at a service centre,
    made or missed): officers and the citizen read it beside the statuses; no webhook, since
    the case's status stays what it was (partners read visits through the API)."""
    return StatusChange.objects.create(
        application=case.application,
        case=case,
        status=event,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or SYSTEM,
        channel=channel,
        note=note,
    )
