"""Every audit record is linked to the one before it; `qyzmet audit verify` says the chain
is intact, and names the first bad record when one was altered, deleted, inserted, reordered
or the tail cut off."""

from __future__ import annotations

import itertools
import json

import pytest
from django.core.management import call_command

from qyzmet.audit.checkpoints import make_checkpoint, verify_audit_chain
from qyzmet.audit.export import audit_extract
from qyzmet.audit.models import AuditRecord
from qyzmet.trust import platform
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    for _ in range(3):
        ApplicationFactory(service="passport", approved=True)
    return list(AuditRecord.objects.order_by("sequence"))


def verify(capsys):
    try:
        call_command("audit", "verify")
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code)
    return status, capsys.readouterr().out


def test_an_untouched_chain_is_intact(chain, capsys):
    assert [r.sequence for r in chain] == list(range(1, len(chain) + 1))
    assert all(r.previous_hash == p.hash for p, r in itertools.pairwise(chain))
    make_checkpoint()
    status, out = verify(capsys)
    assert status == 0 and f"{len(chain)} records" in out


def test_an_altered_record_is_named(chain, capsys):
    victim = chain[4]
    AuditRecord.objects.filter(pk=victim.pk).update(details={"reason": "nothing happened"})
    status, out = verify(capsys)
    assert status == 1
    assert f"record {victim.sequence} (id {victim.pk}): its content was changed" in out


def test_a_deleted_record_is_found(chain):
    AuditRecord.objects.filter(pk=chain[3].pk).delete()
    found = verify_audit_chain()
    assert found.sequence == chain[3].sequence and "missing" in found.reason


def test_an_inserted_record_is_found(chain):
    place = chain[2].sequence + 1
    later = AuditRecord.objects.filter(sequence__gte=place)
    for record in later.order_by("-sequence"):
        AuditRecord.objects.filter(pk=record.pk).update(sequence=record.sequence + 1)
    forged = AuditRecord.objects.get(pk=chain[2].pk)
    forged.pk, forged.sequence, forged.action = None, place, "case.approved"
    forged.save(force_insert=True)
    assert verify_audit_chain().sequence == place


def test_reordered_records_are_found(chain):
    first, second = chain[5], chain[6]
    AuditRecord.objects.filter(pk=first.pk).update(sequence=-1)
    AuditRecord.objects.filter(pk=second.pk).update(sequence=first.sequence)
    AuditRecord.objects.filter(pk=first.pk).update(sequence=second.sequence)
    assert verify_audit_chain().sequence == first.sequence


def test_a_cut_off_tail_shows_against_the_checkpoint_file(chain):
    make_checkpoint()
    AuditRecord.objects.filter(sequence__gte=chain[-3].sequence).delete()
    from qyzmet.audit.models import AuditCheckpoint

    AuditCheckpoint.objects.all().delete()  # the file outside the database still knows
    found = verify_audit_chain()
    assert found.sequence == chain[-1].sequence and "tail was cut off" in found.reason


def test_a_forged_checkpoint_is_refused(chain, settings):
    make_checkpoint()
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as file:
        file.write(json.dumps({"sequence": 1, "hash": chain[0].hash, "at": "x",
                               "key_id": "someone", "signature": "AAAA"}) + "\n")  # fmt: skip
    assert "not signed by this platform" in verify_audit_chain().reason


def test_an_extract_for_an_auditor_is_signed_by_the_platform(chain):
    make_checkpoint()
    extract = audit_extract(first=2, last=5)
    signature = extract.pop("signature")
    extract.pop("signed_by")
    body = json.dumps(extract, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert [r["sequence"] for r in extract["records"]] == [2, 3, 4, 5]
    public_key = platform.platform_key().public_key
    assert platform.verify(body.encode(), signature, public_key=public_key)
    assert not platform.verify(body.encode() + b" ", signature, public_key=public_key)
