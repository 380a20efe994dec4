"""Reconciliation names each difference between the sandbox's ledger and qyzmet's payments,
and the command exits non-zero when there is one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from qyzmet.payments.models import Payment, PaymentStatus
from qyzmet.payments.providers import providers
from qyzmet.payments.reconciliation import reconcile
from qyzmet.paysandbox import ledger
from qyzmet.paysandbox.models import Charge
from tests.payments.conftest import apply_for_licence
from tests.payments.test_refunds import _paid
from tests.payments.test_webhooks import _started

pytestmark = pytest.mark.django_db


def _kinds(day=None):
    found = reconcile(provider=providers["sandbox"], day=day or timezone.localdate())
    return sorted(d.kind for d in found)


def test_agreeing_records_have_no_differences(citizen, awaiting):
    _paid(awaiting, citizen)
    _started(apply_for_licence(citizen), citizen)  # open at both
    assert _kinds() == []
    out = StringIO()
    call_command("payments", "reconcile", stdout=out)
    assert "agree" in out.getvalue()


def test_every_kind_of_difference_is_named(citizen):
    paid = _paid(apply_for_licence(citizen), citizen)
    Payment.objects.filter(pk=paid.pk).update(amount_tiyn=1)  # amount
    started = _started(apply_for_licence(citizen), citizen)
    Charge.objects.filter(reference=started.reference).update(status="succeeded")  # status
    lost = _started(apply_for_licence(citizen), citizen)
    Charge.objects.filter(reference=lost.reference).delete()  # missing at the provider
    ledger.open_charge(
        merchant_reference="stray",
        amount_tiyn=500,
        description="?",
        return_url="http://x/",
        webhook_url="http://x/",
    )  # missing in qyzmet
    refunded = _paid(apply_for_licence(citizen), citizen)
    Payment.objects.filter(pk=refunded.pk).update(refunded_tiyn=100)  # refunded
    assert _kinds() == ["amount", "missing_at_provider", "missing_in_qyzmet", "refunded", "status"]
    assert Payment.objects.get(pk=started.pk).status == PaymentStatus.STARTED  # reads only


def test_the_command_lists_differences_and_exits_1(citizen):
    lost = _started(apply_for_licence(citizen), citizen)
    Charge.objects.filter(reference=lost.reference).delete()
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("payments", "reconcile", "--date", timezone.localdate().isoformat(),
                     stdout=out, stderr=err)  # fmt: skip
    assert exited.value.code == 1
    assert f"missing_at_provider: {lost.reference}" in out.getvalue()
    assert "1 difference(s)" in err.getvalue()
