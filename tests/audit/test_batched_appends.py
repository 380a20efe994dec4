"""Several audit records appended in one INSERT (``record_audits``, decision 63) are records
like any other: each with its keyed hash, sealed in order, and ``qyzmet audit verify`` holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.audit.keyed import content_mac
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.services import audit_record, record_audit, record_audits
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
