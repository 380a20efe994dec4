"""The access records of registry requests answered in this process, kept for the transaction
of the change that asked (decision 63).

Every request a provider can trust becomes one ``DataAccess`` row and one audit record
(``provider.py``). Answered over the network, they are written by the registry's server, each in
its own transaction. Answered in this process while a domain function keeps them
(``kept_access_records``), they wait in memory and are written by ``KeptRecords.write`` inside
that function's own transaction, which saves a transaction per request; whatever that
transaction does not commit (it was never opened: the submission was refused; or it rolled
back) is written when the block ends, each in its own transaction as before. So every request
answered is recorded exactly once, whether the change it was asked for happened or not.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from qyzmet.audit.models import AuditRecord
    from qyzmet.exchange.messages import ExchangeRequest
    from qyzmet.exchange.policy import Refusal


class AuditsGathered(Protocol):
    def audit_new_rows(
        self, rows: list[Any], records: list[AuditRecord], *, then: Callable[[], object]
    ) -> None:
        """Write ``rows`` later in the transaction, then ``records``, each pointed at its row,
        before the audit records gathered, in the same INSERT; call ``then`` once they are
        written."""


@dataclass(frozen=True)
class Pending:
    """An answered request whose records wait: what ``provider.record_access`` writes."""

    request: ExchangeRequest
    provider: str
    refusal: Refusal | None
    at: datetime.datetime


@dataclass
class KeptRecords:
    waiting: list[Pending] = field(default_factory=list)
    written: list[Pending] = field(default_factory=list)  # in a transaction not yet ended
    # the registry entities the requests answered here read (``registries.fields.read_fields``):
    # one person is loaded once for all the requests of a submission, each still checked and
    # recorded
    seen: dict[tuple[str, str], Any] = field(default_factory=dict)
    # the applications this change is submitting and has not saved (``submission.purpose_of``):
    # the registries answering here need not look them up (``policy.Asker``); none once the
    # change's transaction writes (``write``), when they are being saved
    unsaved: set[str] = field(default_factory=set)

    def answered(self, message_id: str) -> bool:
        """Whether a request with this id was answered and waits here (a replay)."""
        return any(p.request.message_id == message_id for p in [*self.waiting, *self.written])

    def write(self, *, audits: AuditsGathered | None = None) -> None:
        """Write the records waiting; call it inside the transaction of the change, then
        ``kept`` once that transaction's block ended without an error. ``audits``: where the
        change gathers its own audit records, sure to write them later in this transaction
        (``applications.history.Writes``): the ``DataAccess`` rows are written there too,
        before the audit records; the requests' records join those, one INSERT for all, and
        the rows are linked to them once written."""
        from qyzmet.exchange.provider import record_accesses

        self.unsaved.clear()  # being saved with the change: looked up from now on
        waiting, self.waiting = self.waiting, []
        if audits is None:
            record_accesses(waiting)
        else:
            _write_accesses(waiting, audits)
        self.written.extend(waiting)

    def rolled_back(self) -> None:
        """The transaction that wrote them rolled back, and the change is tried again: they
        wait to be written by its next transaction (or, if none stands, when the block ends)."""
        self.waiting[:0] = self.written
        self.written.clear()

    def kept(self) -> None:
        """The block that wrote them ended without an error: they stand with its change."""
        self.written.clear()


def _write_accesses(answered: list[Pending], audits: AuditsGathered) -> None:
    from qyzmet.exchange.provider import access_rows, link_audits

    accesses, records = access_rows(answered)
    audits.audit_new_rows(accesses, records, then=partial(link_audits, accesses, records))


_kept: ContextVar[KeptRecords | None] = ContextVar("qyzmet_kept_access_records", default=None)


def keeping() -> KeptRecords | None:
    """The records being kept in this context, if a domain function keeps them."""
    return _kept.get()


@contextmanager
def kept_access_records() -> Iterator[KeptRecords]:
    """Keep the access records of the requests answered in this process within the block;
    those not written in a transaction that stood are written, each alone, when it ends."""
    outer = _kept.get()
    if outer is not None:  # a block within a block: the outer one writes
        yield outer
        return
    kept = KeptRecords()
    token = _kept.set(kept)
    try:
        yield kept
    finally:
        _kept.reset(token)
        from qyzmet.exchange.provider import record_access

        for pending in [*kept.written, *kept.waiting]:
            record_access(pending)
