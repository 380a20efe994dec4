"""Someone who can write to the database but cannot read the key folder changes, deletes or
forges audit records, re-linking and renumbering as they please: `qyzmet audit verify` exits 1
and its first line names the first record that does not hold."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from qyzmet.audit.keyed import leaf
from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.tree import Frontier
from tests.audit.conftest import verify

pytestmark = pytest.mark.django_db


def renumber_and_rebuild_the_tree() -> None:
    """What an attacker without the keys can redo: number the records 1, 2, 3... again and
    recompute the Merkle tree (plain SHA-256) into the database's tree heads."""
    records = list(AuditRecord.objects.exclude(sequence=None).order_by("sequence"))
    AuditRecord.objects.filter(pk__in=[r.pk for r in records]).update(sequence=None)
    frontier, sizes = Frontier(), set(AuditTreeHead.objects.values_list("size", flat=True))
    for number, record in enumerate(records, 1):
        AuditRecord.objects.filter(pk=record.pk).update(sequence=number)
        record.sequence = number
        frontier.append(leaf(record))
        if number in sizes or number == len(records):
            AuditTreeHead.objects.update_or_create(
                size=number, defaults={"root": frontier.root(), "frontier": frontier.hashes}
            )
    AuditTreeHead.objects.filter(size__gt=len(records)).delete()


def test_an_untouched_log_is_intact(sealed_log, capsys):
    assert [r.sequence for r in sealed_log] == list(range(1, len(sealed_log) + 1))
    status, lines = verify(capsys)
    assert status == 0
    intact = f"The audit log is intact: {len(sealed_log)} records sealed, 0 waiting to be sealed."
    assert lines == [intact]


def test_records_deleted_and_the_rest_renumbered_show_at_the_first_gap(sealed_log, capsys):
    gone = sealed_log[3:5]
    AuditRecord.objects.filter(pk__in=[r.pk for r in gone]).delete()
    renumber_and_rebuild_the_tree()
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0].startswith(f"The audit log is broken: record {gone[0].sequence}: missing")


def test_a_deleted_record_shows_as_missing(sealed_log, capsys):
    AuditRecord.objects.filter(pk=sealed_log[6].pk).delete()
    status, lines = verify(capsys)
    assert status == 1
    assert (
        lines[0] == f"The audit log is broken: record {sealed_log[6].sequence}: missing (deleted)."
    )


def test_a_changed_record_is_named(sealed_log, capsys):
    victim = sealed_log[4]
    AuditRecord.objects.filter(pk=victim.pk).update(details={"reason": "nothing happened"})
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0] == (
        f"The audit log is broken: record {victim.sequence} (id {victim.pk}): "
        "its content was changed (its keyed hash differs)."
    )


def test_a_record_forged_before_it_was_sealed_is_named(sealed_log, capsys):
    forged = AuditRecord.objects.get(pk=sealed_log[2].pk)
    forged.pk, forged.sequence, forged.seal, forged.action = None, None, "", "case.approved"
    forged.at = timezone.now()  # written just now: not yet late for sealing, only forged
    forged.save(force_insert=True)  # its keyed hash is the copied one: it does not match
    status, lines = verify(capsys)
    assert status == 1
    assert f"record {len(sealed_log) + 1} (id {forged.pk}): its content was changed" in lines[0]


def test_a_copied_record_is_found(sealed_log, capsys):
    copy = AuditRecord.objects.get(pk=sealed_log[2].pk)
    copy.pk, copy.sequence, copy.seal = None, None, ""
    copy.save(force_insert=True)
    status, lines = verify(capsys)
    assert status == 1
    assert f"(id {copy.pk}): a copy of another record" in "\n".join(lines)


def test_a_cut_off_tail_shows_against_the_checkpoint_file(sealed_log, capsys):
    kept = len(sealed_log) - 3
    AuditRecord.objects.filter(sequence__gt=kept).delete()
    AuditTreeHead.objects.all().delete()  # the file outside the database still knows
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0] == (
        f"The audit log is broken: record {kept + 1}: missing, though the tree head in "
        f"audit-checkpoints.jsonl line 3 covers {len(sealed_log)} records (the tail was cut off)."
    )
    assert "the database 0: tree heads were removed" in lines[-1]  # and the sealer stops


def test_a_tree_head_written_into_the_file_without_the_key_is_refused(sealed_log, settings, capsys):
    head = AuditTreeHead.objects.order_by("size").first()
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as file:
        file.write(json.dumps({"size": head.size, "root": head.root, "at": "x",
                               "key_id": head.key_id, "signature": "AAAA"}) + "\n")  # fmt: skip
    status, lines = verify(capsys)
    assert status == 1
    assert lines == [
        "The audit log is broken: the tree head in audit-checkpoints.jsonl line 4 "
        "is not signed by this platform."
    ]


def test_the_sealer_does_not_go_on_from_a_tree_head_changed_in_the_database(sealed_log):
    from qyzmet.audit.sealing import SealRefused

    AuditTreeHead.objects.filter(size=len(sealed_log)).update(frontier=["00" * 32] * 1)
    AuditRecord.objects.filter(pk=sealed_log[0].pk).update(sequence=None, seal="")
    with pytest.raises(SealRefused):
        seal_audit_log()
