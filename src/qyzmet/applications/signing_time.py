"""When an application was signed, as evidenced: a qualified signature is judged as of the
time it was made, so a certificate that expired normally since (NCA RK's last a year), or was
revoked after, leaves it valid; one revoked before leaves it invalid.

That time is the one the audit log sealed for the submission (the ``application.signed``
record, written in the submission's transaction): its keyed hash (``audit.keyed``) and the
Merkle tree it is sealed in (``qyzmet audit verify``) show whether anyone moved it. The
signature row carries its own time (``signed_at``); the two must agree, else the check says
so (``signing.time_mismatch``) rather than trust either."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from qyzmet.applications.signatures import ApplicationSignature
from qyzmet.audit.keyed import content_mac, same
from qyzmet.audit.models import AuditRecord

SIGNED = "application.signed"
# The row and the audit record are written in one transaction: they differ by milliseconds.
TOLERANCE = datetime.timedelta(minutes=1)
MISMATCH = "signing.time_mismatch"
UNEVIDENCED = "signing.time_unevidenced"


@dataclass(frozen=True)
class SigningTime:
    """The time to judge a signature as of, and what is wrong with its evidence (if
    anything: then the signature does not hold, whichever time it is judged at)."""

    at: datetime.datetime
    problems: tuple[str, ...] = ()


def _sealed_record(kept: ApplicationSignature) -> AuditRecord | None:
    """The audit record of this signature's submission, if one is there unaltered."""
    records = AuditRecord.objects.filter(
        action=SIGNED, object_type="applications.application", object_id=str(kept.application_id)
    ).order_by("pk")
    for record in records:
        if record.details.get("digest") == kept.document_digest:
            return record if same(record.mac, content_mac(record)) else None
    return None


def signing_time(kept: ApplicationSignature) -> SigningTime:
    """When ``kept`` was made: the audit log's time of it, checked against the row's."""
    record = _sealed_record(kept)
    if record is None:  # no sealed evidence (or an altered record): judged as the row says
        return SigningTime(at=kept.signed_at, problems=(UNEVIDENCED,))
    if abs(record.at - kept.signed_at) > TOLERANCE:
        return SigningTime(at=record.at, problems=(MISMATCH,))
    return SigningTime(at=record.at)
