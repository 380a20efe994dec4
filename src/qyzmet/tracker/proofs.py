"""A data tracker entry's proof: the audit record the exchange wrote for the access, with its
inclusion proof in the latest signed tree head of the audit log, so the citizen (or anyone
they give it to) can check offline, with the platform's published key, that the record is in
the log as the platform signed it (``qyzmet audit check-proof``). Only for an access the
citizen's tracker shows them now; until the next seal there is no proof yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.proofs import proof_of
from qyzmet.core.errors import NotFound
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.family import Family
from qyzmet.tracker.selectors import accesses_of

CHECK_COMMAND = "qyzmet audit check-proof {file} --keys keys.json"


@dataclass(frozen=True)
class AccessProof:
    access: DataAccess
    record: AuditRecord
    proof: dict[str, Any] | None  # None: not sealed yet

    @property
    def sealed(self) -> bool:
        return self.proof is not None

    @property
    def file_name(self) -> str:
        return f"data-access-{self.access.message_id}-proof.json"


def access_proof(citizen: Any, message_id: str, *, family: Family | None = None) -> AccessProof:
    """The proof of the access ``message_id`` among those the citizen's tracker shows them now
    (with their ``family``: their minor children's too); any other is not found, so another
    person's accesses cannot be told apart from accesses that do not exist."""
    access = accesses_of(citizen, family=family).filter(message_id=message_id).first()
    record = None
    if access is not None and access.audit_record is not None:
        record = AuditRecord.objects.filter(pk=access.audit_record).first()
    if access is None or record is None:
        raise NotFound("not_found.data_access")
    head = AuditTreeHead.objects.order_by("-size").first()
    if record.sequence is None or head is None or record.sequence > head.size:
        return AccessProof(access=access, record=record, proof=None)
    return AccessProof(access=access, record=record, proof=proof_of(record, head))
