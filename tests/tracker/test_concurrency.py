"""The same access hidden several times at the same moment (two operators, a retried command)
is hidden once: one concealment, one audit record, the others told it is hidden already."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict
from qyzmet.tracker.concealments import hide_access
from qyzmet.tracker.models import Concealment
from tests.concurrency import AT_ONCE, at_once
from tests.tracker.factories import DataAccessFactory


def test_hiding_one_access_at_once_hides_it_once(committed_platform):
    access = DataAccessFactory(message_id="raced")
    until = timezone.now() + datetime.timedelta(days=5)

    def hide() -> Concealment:
        return hide_access(
            message_id=access.message_id, basis="court-order", reference="Order 1",
            requested_by="A court", until=until, actor=None, channel="cli",
        )  # fmt: skip

    results = at_once(hide)

    hidden = [r for r in results if isinstance(r, Concealment)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(hidden) == 1 and len(refused) == AT_ONCE - 1, results
    assert {r.code for r in refused} == {"tracker.already_hidden"}
    assert Concealment.objects.filter(access=access).count() == 1
    assert AuditRecord.objects.filter(action="tracker.hide").count() == 1
