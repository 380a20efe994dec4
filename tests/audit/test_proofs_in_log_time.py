"""A record's inclusion proof is read from the stored subtree hashes and at most two short runs
of records, not the whole log (decision 0069): it is the proof the whole tree gives, it checks
with the published key alone, a changed record or stored hash makes it fail, and a log sealed
before the hashes were kept still proves."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.audit.export import prove_record
from qyzmet.audit.keyed import leaf
from qyzmet.audit.models import AuditRecord, AuditTreeHead, AuditTreeNode
from qyzmet.audit.paths import path_of
from qyzmet.audit.proofs import STORED_FROM, Prover
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.services import audit_record, record_audits
from qyzmet.audit.tree import _root_of_hashes, check_proof, inclusion_proof, leaf_hash
from qyzmet.trust import platform
from tests.factories import CitizenFactory

RECORDS = 2 * 2**STORED_FROM + 45  # two whole stored runs and an unfinished one


def test_a_path_from_subtree_hashes_is_the_whole_trees_path():
    for size in range(1, 70):
        hashes = [hashlib.sha256(bytes([i])).digest() for i in range(size)]

        def node(level: int, index: int, hashes=hashes) -> bytes:
            return _root_of_hashes(hashes[index << level : (index + 1) << level])

        for index in range(size):
            assert path_of(index, size, node) == inclusion_proof(hashes, index), (size, index)


@pytest.fixture
def long_log(db) -> list[AuditRecord]:
    """``RECORDS`` records sealed under several tree heads, in order."""
    citizen = CitizenFactory()
    made = 0
    while made < RECORDS:
        count = min(97, RECORDS - made)
        record_audits(
            [
                audit_record(actor=None, action="test.read", obj=citizen, channel="test",
                             details={"n": made + n})
                for n in range(count)
            ]
        )  # fmt: skip
        seal_audit_log(batch=61)
        made += count
    assert AuditRecord.objects.filter(sequence__isnull=True).count() == 0
    return list(AuditRecord.objects.order_by("sequence"))


def full_tree_path(records: list[AuditRecord], record: AuditRecord) -> list[str]:
    hashes = [leaf_hash(leaf(r)) for r in records]
    return inclusion_proof(hashes, record.sequence - 1)


def test_each_proof_is_the_one_the_whole_tree_gives_and_checks(long_log):
    public_key = platform.platform_key().public_key
    runs = len(long_log) // 2**STORED_FROM
    assert AuditTreeNode.objects.filter(level=STORED_FROM).count() == runs >= 2
    for record in (long_log[0], long_log[127], long_log[128], long_log[200], long_log[-1]):
        proof = prove_record(record_id=record.pk)
        assert proof["path"] == full_tree_path(long_log, record)
        assert check_proof(proof, public_key=public_key)


def test_a_proof_reads_a_few_rows_not_the_log(long_log):
    head = AuditTreeHead.objects.order_by("-size").first()
    with CaptureQueriesContext(connection) as queries:
        Prover(head).path(long_log[3].sequence)
    assert len(queries) <= 2  # the stored hashes, and the two runs of records below them
    rows = AuditRecord.objects.filter(sequence__lte=head.size).count()
    read = 2 * 2**STORED_FROM
    assert rows > read  # fewer records read than the log holds


def test_a_changed_record_does_not_prove(long_log):
    record = long_log[130]
    AuditRecord.objects.filter(pk=record.pk).update(action="case.rejected")
    proof = prove_record(record_id=record.pk)
    assert proof["record"]["action"] == "case.rejected"
    assert not check_proof(proof, public_key=platform.platform_key().public_key)


def test_a_changed_stored_hash_makes_a_true_proof_fail_never_a_false_one_pass(long_log):
    AuditTreeNode.objects.filter(level=STORED_FROM, index=1).update(hash="0" * 64)
    proof = prove_record(record_id=long_log[10].pk)
    assert not check_proof(proof, public_key=platform.platform_key().public_key)


def test_a_log_sealed_before_hashes_were_kept_still_proves(long_log):
    AuditTreeNode.objects.all().delete()
    record = long_log[70]
    proof = prove_record(record_id=record.pk)
    assert proof["path"] == full_tree_path(long_log, record)
    assert check_proof(proof, public_key=platform.platform_key().public_key)
