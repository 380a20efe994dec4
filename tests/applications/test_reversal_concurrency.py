"""A reversal sent several times at the same moment (a double click, a retry) reverses once:
one reversal, one revocation, one notification; the others are told it is done already."""

from __future__ import annotations

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.models import CaseStatus, Reversal
from qyzmet.applications.reversals import reverse_case
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict
from qyzmet.documents.services import issue_result_document
from qyzmet.notifications.models import Notification
from tests.concurrency import at_once
from tests.factories import ApplicationFactory, OfficerFactory

REQUESTS = 4


def test_concurrent_reversals_of_one_case_reverse_it_once(committed_platform):
    case = ApplicationFactory(approved=True).cases.get()
    document = issue_result_document(case=case)
    supervisor = allow_reversals(officer=OfficerFactory(), channel="test")
    results = at_once(
        lambda: reverse_case(
            case=case,
            officer=supervisor,
            ground="appeal_upheld",
            reason="Upheld on appeal.",
            channel="backoffice",
        ),
        times=REQUESTS,
    )

    reversed_ = [r for r in results if isinstance(r, Reversal)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(reversed_) == 1 and len(refused) == REQUESTS - 1, results
    assert {r.code for r in refused} == {"case.already_reversed"}
    case.refresh_from_db()
    assert case.status == CaseStatus.REVERSED
    assert Reversal.objects.filter(case=case).count() == 1
    assert AuditRecord.objects.filter(action="document.revoked", object_id=document.pk).count() == 1
    assert (
        Notification.objects.filter(kind="case.reversed", case=case, channel="inbox").count() == 1
    )
