"""A data tracker entry's proof: the audit record the exchange wrote for the access, with its
inclusion proof in the latest signed tree head of the audit log, so the citizen (or anyone
they give it to) can check offline, with the platform's published key, that the record is in
the log as the platform signed it (``qyzmet audit check-proof``). Only for an access the
citizen's tracker shows them now; until the next seal there is no proof yet.

The proof carries the whole record (its leaf hash covers every field), so it is offered only
for a record no officer wrote: one the exchange or the system wrote, or the citizen's own. An
officer's (a consultation or attachment opened, a day list read) names them: that proof is
given to an auditor or the ombudsman on request (decision 0065: officers' user names are never
shown to citizens or partners). A proof is offered only when its record names this entry's
message id and the proof checks with the platform's key; otherwise the entry is "not
provable" and an error is logged for operators (decision 0069)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.proofs import access_named, proof_of
from qyzmet.audit.services import SYSTEM
from qyzmet.audit.tree import check_proof
from qyzmet.core.errors import NotFound
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.family import Family
from qyzmet.tracker.selectors import accesses_of
from qyzmet.trust import platform

logger = logging.getLogger(__name__)

CHECK_COMMAND = "qyzmet audit check-proof {file} --keys keys.json"
NOT_SEALED = "not_sealed"  # no proof until the log's next seal
ON_REQUEST = "on_request"  # an officer's record: given to an auditor or the ombudsman
NOT_PROVABLE = "not_provable"  # the record or its proof does not hold: operators alerted
REASONS = (NOT_SEALED, ON_REQUEST, NOT_PROVABLE)


@dataclass(frozen=True)
class AccessProof:
    access: DataAccess
    record: AuditRecord | None  # None unless it may be shown to the citizen
    proof: dict[str, Any] | None
    reason: str = ""  # one of REASONS when there is no proof

    @property
    def sealed(self) -> bool:
        return self.proof is not None

    @property
    def file_name(self) -> str:
        return f"data-access-{self.access.message_id}-proof.json"


def _by_no_officer(record: AuditRecord, citizen: Any) -> bool:
    """Written by the exchange or the system, or by the citizen themself: no officer named."""
    if record.actor_id is None:
        return record.actor_label == SYSTEM  # an account gone keeps its user name
    return bool(record.actor_id == citizen.pk)


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
    if not _by_no_officer(record, citizen):  # first: a day list's record names no access
        return AccessProof(access=access, record=None, proof=None, reason=ON_REQUEST)
    if access_named({"details": record.details}) != access.message_id:
        logger.error("data access %s points at audit record id %s, which does not name it",
                     access.message_id, record.pk)  # fmt: skip
        return AccessProof(access=access, record=None, proof=None, reason=NOT_PROVABLE)
    head = AuditTreeHead.objects.order_by("-size").first()
    if record.sequence is None or head is None or record.sequence > head.size:
        return AccessProof(access=access, record=record, proof=None, reason=NOT_SEALED)
    proof = proof_of(record, head)
    if not check_proof(proof, public_key=platform.platform_key().public_key):
        logger.error("the proof of audit record no. %s (data access %s) does not check in tree "
                     "head %s", record.sequence, access.message_id, head.size)  # fmt: skip
        return AccessProof(access=access, record=None, proof=None, reason=NOT_PROVABLE)
    return AccessProof(access=access, record=record, proof=proof)
