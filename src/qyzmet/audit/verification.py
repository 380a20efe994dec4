"""Checking the whole audit log, as ``qyzmet audit verify`` does: every record's keyed hashes,
the numbers' continuity, the Merkle tree against every signed tree head (in the database and
in the checkpoint file), and the records written before the Merkle log against their chain.

What it finds is a list of problems, the first of each kind: the walk through the records
stops at the first that does not hold, since every record after a gap is out of place. Records
left unsealed longer than twice the workers' interval are one: until sealed they can be deleted
unseen, so sealing that stopped (no worker, or someone stopping it) must not go unnoticed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from qyzmet.audit.chain import legacy_problems
from qyzmet.audit.heads import database_entries, file_entries, is_signed
from qyzmet.audit.keyed import content_mac, leaf, same, seal_mac
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.tree import Frontier
from qyzmet.trust import platform


@dataclass(frozen=True)
class Problem:
    """Where the audit log does not hold, and why: one line."""

    sequence: int | None
    record_id: int | None
    reason: str

    def __str__(self) -> str:
        if self.sequence is None and self.record_id is None:
            return self.reason
        where = "an unsealed record" if self.sequence is None else f"record {self.sequence}"
        return where + (f" (id {self.record_id})" if self.record_id else "") + f": {self.reason}"


@dataclass
class Walk:
    """What walking the sealed records found."""

    sealed: int = 0
    problem: Problem | None = None


def verify_audit_log(*, late: bool = True) -> list[Problem]:
    """Every problem found (the first of each kind); an empty list when the log holds. With
    ``late=False``, records left unsealed too long are not looked for (``late_sealing``)."""
    public_key = platform.platform_key().public_key
    entries = database_entries() + file_entries()  # read first: heads never outrun records
    heads = [e for e in entries if "size" in e and _signed(e, public_key)]
    walk = _walk(heads)
    problems = [walk.problem] if walk.problem else []
    problems += _heads_beyond(heads, walk)[:1]
    problems += [_unsigned(e) for e in entries if not _signed(e, public_key)][:1]
    problems += list(_copies())[:1]
    problems += list(_unsealed_problems())[:1]
    problems += [p for p in [late_sealing()] if late and p is not None]
    problems += _legacy_problems(entries, public_key)[:1]
    return problems


def _signed(entry: dict[str, Any], public_key: Any) -> bool:
    try:
        return not entry.get("broken") and is_signed(entry, public_key)
    except (TypeError, ValueError):
        return False


def _unsigned(entry: dict[str, Any]) -> Problem:
    what = "checkpoint" if "sequence" in entry else "tree head"
    return Problem(None, None, f"the {what} in {entry['where']} is not signed by this platform")


def _walk(heads: list[dict[str, Any]]) -> Walk:
    """Walk the sealed records in order, growing the tree; compare it with each signed head
    of its size."""
    by_size: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for head in heads:
        by_size[int(head["size"])].append(head)
    walk, frontier = Walk(), Frontier()
    records = AuditRecord.objects.filter(sequence__isnull=False).order_by("sequence")
    for record in records.iterator(chunk_size=2000):
        if (problem := _record_problem(record, expected=frontier.size + 1)) is not None:
            walk.problem = problem
            return walk
        frontier.append(leaf(record))
        walk.sealed = frontier.size
        for head in by_size.get(frontier.size, []):
            if head["root"] != frontier.root():
                reason = f"the records up to it differ from the tree head in {head['where']}"
                walk.problem = Problem(frontier.size, None, reason)
                return walk
    return walk


def _record_problem(record: AuditRecord, *, expected: int) -> Problem | None:
    if record.sequence is not None and record.sequence > expected:
        return Problem(expected, None, "missing (deleted)")
    if record.sequence != expected:
        return Problem(expected, record.pk, "numbered twice")
    if not same(content_mac(record), record.mac):
        return Problem(expected, record.pk, "its content was changed (its keyed hash differs)")
    if not record.seal:
        return Problem(expected, record.pk, "numbered but never sealed (forged)")
    if not same(seal_mac(sequence=expected, mac=record.mac), record.seal):
        reason = (
            f"missing: id {record.pk} now holds its number but was sealed under another "
            "(records were deleted, inserted or renumbered)"
        )
        return Problem(expected, None, reason)
    return None


def _heads_beyond(heads: list[dict[str, Any]], walk: Walk) -> list[Problem]:
    if walk.problem is not None:
        return []  # every head past the problem differs; the problem says where
    beyond = sorted((h for h in heads if int(h["size"]) > walk.sealed), key=lambda h: h["size"])
    return [
        Problem(walk.sealed + 1, None, f"missing, though the tree head in {h['where']} covers "
                f"{h['size']} records (the tail was cut off)")
        for h in beyond
    ]  # fmt: skip


def _copies() -> Iterator[Problem]:
    """Two records with the same keyed hash: one is a copy of the other."""
    repeated = (
        AuditRecord.objects.values("mac").annotate(n=Count("id")).filter(n__gt=1).values("mac")
    )
    for copy in AuditRecord.objects.filter(mac__in=repeated).order_by("id")[1:2]:
        yield Problem(copy.sequence, copy.pk, "a copy of another record (the same keyed hash)")


def _unsealed_problems() -> Iterator[Problem]:
    pending = AuditRecord.objects.filter(sequence__isnull=True).order_by("id")
    for record in pending.iterator(chunk_size=2000):
        if not same(content_mac(record), record.mac):
            yield Problem(None, record.pk, "its content was changed or forged (keyed hash)")


def late_sealing(*, now: datetime.datetime | None = None) -> Problem | None:
    """The records still unsealed though written more than twice the workers' sealing interval
    ago (``QYZMET_AUDIT_SEAL_SECONDS``): sealing is not running. Ask before sealing, which would
    hide it."""
    window = datetime.timedelta(seconds=2 * settings.AUDIT_SEAL_SECONDS)
    late = AuditRecord.objects.filter(
        sequence__isnull=True, at__lt=(now or timezone.now()) - window
    )
    found = late.aggregate(count=Count("id"), since=Min("at"))
    if not found["count"]:
        return None
    count, since = found["count"], found["since"].isoformat(timespec="seconds")
    records = "record" if count == 1 else "records"
    return Problem(None, None, f"{count} {records} unsealed since {since}: sealing is not running")


def _legacy_problems(entries: list[dict[str, Any]], public_key: Any) -> list[Problem]:
    """The records written before the Merkle log: their old chain, and the checkpoints signed
    then (each must name a record with that old hash)."""
    old = AuditRecord.objects.exclude(legacy_hash="").order_by("sequence")
    problems = [Problem(r.sequence, r.pk, why) for r, why in legacy_problems(old.iterator())]
    checkpoints = [e for e in entries if "sequence" in e and _signed(e, public_key)]
    covered = {int(c["sequence"]) for c in checkpoints}
    hashes = dict(old.filter(sequence__in=covered).values_list("sequence", "legacy_hash"))
    for checkpoint in checkpoints:
        sequence = int(checkpoint["sequence"])
        if hashes.get(sequence) != checkpoint["hash"]:
            reason = f"differs from the checkpoint in {checkpoint['where']}, or is missing"
            problems.append(Problem(sequence, None, reason))
    return problems
