"""Records written before the Merkle log (linked into the plain SHA-256 chain, with daily
checkpoints) keep their numbers: the migration gives them their keyed hash, the first seal
puts them first in the tree, and the checkpoints signed then still verify."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps

from qyzmet.audit.chain import GENESIS, hashed_fields, record_hash
from qyzmet.audit.heads import checkpoint_message
from qyzmet.audit.models import AuditCheckpoint, AuditRecord, AuditTreeHead
from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import Agency
from qyzmet.trust import platform
from tests.audit.conftest import verify

pytestmark = pytest.mark.django_db

migration = importlib.import_module("qyzmet.audit.migrations.0003_merkle_log")


@pytest.fixture
def chained_log(settings):
    """The log as it was before: every record numbered and chained, the head checkpointed in
    the database and the file; then migration 0003."""
    AuditRecord.objects.all().delete()
    agency = Agency.objects.create(slug="legacy", name={"en": "Legacy"})
    for number in range(5):
        record_audit(actor=None, action="test.old", obj=agency, channel="test",
                     details={"number": number})  # fmt: skip
    previous = GENESIS
    for sequence, record in enumerate(AuditRecord.objects.order_by("id"), 1):
        record.sequence, record.mac = sequence, ""
        record.legacy_hash = previous = record_hash(hashed_fields(record), previous)
        record.save()
    at = "2026-11-01T00:00:00+00:00"
    key_id, signature = platform.sign(checkpoint_message(5, previous, at))
    AuditCheckpoint.objects.create(sequence=5, hash=previous, at=at, key_id=key_id,
                                   signature=signature)  # fmt: skip
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as file:
        file.write(json.dumps({"sequence": 5, "hash": previous, "at": at, "key_id": key_id,
                               "signature": signature}) + "\n")  # fmt: skip
    migration.key_existing_records(apps, None)
    record_audit(actor=None, action="test.new", obj=agency, channel="test")
    return agency


def test_old_records_are_sealed_first_with_their_numbers_and_verify(chained_log, capsys):
    status, lines = verify(capsys)
    assert status == 0
    assert lines == ["The audit log is intact: 6 records sealed, 0 waiting to be sealed."]
    assert list(AuditRecord.objects.order_by("sequence").values_list("action", flat=True)) == [
        *["test.old"] * 5,
        "test.new",
    ]
    assert list(AuditTreeHead.objects.values_list("size", flat=True)) == [5, 6]


def test_an_old_record_changed_after_the_migration_is_named(chained_log, capsys):
    old = AuditRecord.objects.get(sequence=3)
    AuditRecord.objects.filter(pk=old.pk).update(details={"number": 99})
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0] == (
        f"The audit log is broken: record 3 (id {old.pk}): its content was changed "
        "(its keyed hash differs)."
    )


def test_an_old_hash_rewritten_shows_against_the_old_checkpoints(chained_log, capsys):
    verify(capsys)
    AuditRecord.objects.filter(sequence=5).update(legacy_hash="f" * 64)
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0].startswith("The audit log is broken: record 5 (id ")
    assert "chain written before the Merkle log does not hold" in lines[0]
