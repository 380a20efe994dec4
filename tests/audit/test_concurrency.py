"""Writers recording at the same moment queue on the chain: it never forks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from qyzmet.audit.checkpoints import verify_audit_chain
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import Agency

WRITERS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    agency = Agency.objects.create(slug="chain-test", name={"en": "Chain"})
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(EACH):
                record_audit(actor=None, action="test.written", obj=agency, channel="test")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    records = AuditRecord.objects.order_by("sequence")
    assert records.filter(action="test.written").count() == WRITERS * EACH
    previous = list(records.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous))  # no two records follow the same one
    assert verify_audit_chain() is None
