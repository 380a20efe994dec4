"""Writers recording at the same moment queue on the chain: it never forks."""

from __future__ import annotations

import pytest

from qyzmet.audit.checkpoints import verify_audit_chain
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import Agency
from tests.concurrency import at_once, errors_of

WRITERS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    agency = Agency.objects.create(slug="chain-test", name={"en": "Chain"})

    def write() -> None:
        for _ in range(EACH):
            record_audit(actor=None, action="test.written", obj=agency, channel="test")

    errors = errors_of(at_once(write, times=WRITERS))

    assert errors == []
    records = AuditRecord.objects.order_by("sequence")
    assert records.filter(action="test.written").count() == WRITERS * EACH
    previous = list(records.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous))  # no two records follow the same one
    assert verify_audit_chain() is None
