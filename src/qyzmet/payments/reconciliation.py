"""Reconciliation: the provider's records of a day against qyzmet's payments, each difference
named (missing on one side, another amount, another outcome, another refunded sum). Reads only;
what to do about a difference is for a person to decide."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from qyzmet.payments.models import Payment, PaymentStatus
from qyzmet.payments.providers import PaymentProvider, ProviderPayment, ProviderStatus

EXPECTED = {  # what the provider should say of a payment in each of qyzmet's statuses
    PaymentStatus.STARTED: {ProviderStatus.OPEN},
    PaymentStatus.SUCCEEDED: {ProviderStatus.SUCCEEDED},
    PaymentStatus.DUPLICATE: {ProviderStatus.SUCCEEDED},
    PaymentStatus.DECLINED: {ProviderStatus.DECLINED},
    PaymentStatus.CANCELLED: {ProviderStatus.OPEN, ProviderStatus.DECLINED},
}


@dataclass(frozen=True)
class Difference:
    kind: str  # missing_in_qyzmet, missing_at_provider, amount, status, refunded
    reference: str
    payment: str  # qyzmet's payment id, "" when qyzmet has none
    qyzmet: str
    provider: str

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.reference or '-'} (payment {self.payment or '-'}): "
            f"qyzmet {self.qyzmet or '-'}, provider {self.provider or '-'}"
        )


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def reconcile(*, provider: PaymentProvider, day: datetime.date) -> list[Difference]:
    """Every difference between the provider's payments opened on ``day`` and qyzmet's."""
    start, end = _day_bounds(day)
    theirs: dict[str, ProviderPayment] = {p.reference: p for p in provider.records(day=day)}
    ours = {
        p.reference: p
        for p in Payment.objects.filter(provider=provider.name).filter(
            Q(created_at__gte=start, created_at__lt=end) | Q(reference__in=list(theirs))
        )
        if p.reference
    }
    differences: list[Difference] = []

    def differs(kind: str, reference: str, payment: str, qyzmet: str, provider: str) -> None:
        differences.append(Difference(kind, reference, payment, qyzmet, provider))

    for reference in sorted(set(theirs) | set(ours)):
        mine, remote = ours.get(reference), theirs.get(reference)
        if mine is None:
            assert remote is not None
            status = f"{remote.status} {remote.amount_tiyn}"
            differs("missing_in_qyzmet", reference, remote.merchant_reference, "", status)
            continue
        pk = str(mine.pk)
        if remote is None:
            differs("missing_at_provider", reference, pk, f"{mine.status} {mine.amount_tiyn}", "")
            continue
        if remote.amount_tiyn != mine.amount_tiyn:
            differs("amount", reference, pk, str(mine.amount_tiyn), str(remote.amount_tiyn))
        if remote.status not in EXPECTED[PaymentStatus(mine.status)]:
            differs("status", reference, pk, mine.status, remote.status)
        if remote.refunded_tiyn != mine.refunded_tiyn:
            differs("refunded", reference, pk, str(mine.refunded_tiyn), str(remote.refunded_tiyn))
    return differences
