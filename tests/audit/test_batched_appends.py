"""Several audit records appended in one INSERT (``record_audits``, decision 63) are records
like any other: each with its keyed hash, sealed in order, and ``qyzmet audit verify`` holds."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from qyzmet.audit.keyed import content_mac
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.services import (
    audit_record,
    audits_written,
    point_at,
    prepare_audits,
    record_audit,
    record_audits,
)
from qyzmet.catalog.models import Agency
from tests.audit.conftest import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return Agency.objects.create(slug="batch-test", name={"en": "Batch"})


def test_records_appended_together_cost_one_insert_and_verify(agency, capsys):
    record_audit(actor=None, action="test.alone", obj=agency, channel="test")
    made = [
        audit_record(
            actor=None, action=f"test.batch{n}", obj=agency, channel="test", details={"n": n}
        )
        for n in range(3)
    ]

    with CaptureQueriesContext(connection) as queries:
        saved = record_audits(made)

    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    assert all(record.pk for record in saved)
    assert [record.mac == content_mac(record) for record in saved] == [True] * 3
    seal_audit_log()
    status, lines = verify(capsys)
    assert status == 0, lines


def test_every_so_many_records_a_batch_asks_for_a_seal(
    agency, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_SEAL_EVERY = 1

    with django_capture_on_commit_callbacks() as callbacks:
        record_audits([audit_record(actor=None, action="test.b", obj=agency, channel="test")])

    assert callbacks


def test_a_record_made_before_its_object_had_a_key_names_it_once_written_and_verifies(capsys):
    agency = Agency(slug="batch-later", name={"en": "Later"})  # its key: the database's
    record = audit_record(actor=None, action="test.later", obj=agency, channel="test")
    prepared = prepare_audits([record], pointed_later=[record])

    agency.save()
    prepared.refresh(point_at(record, agency), "object_id", "mac")
    audits_written(prepared.write())

    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.object_type, stored.object_id) == ("catalog.agency", str(agency.pk))
    assert stored.mac == content_mac(stored)
    seal_audit_log()
    status, lines = verify(capsys)
    assert status == 0, lines


def test_a_record_without_its_keyed_hash_is_never_written():
    agency = Agency(slug="batch-never", name={"en": "Never"})
    record = audit_record(actor=None, action="test.never", obj=agency, channel="test")
    with pytest.raises(ValueError, match="keyed hash"):
        record_audits([record])  # never pointed at its object
    prepared = prepare_audits([record], pointed_later=[record])
    with pytest.raises(ValueError, match="keyed hash"), transaction.atomic():
        audits_written(prepared.write())  # never pointed at its object: the change fails
    assert not AuditRecord.objects.filter(action="test.never").exists()
