"""Reading payments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qyzmet.applications.models import Application
from qyzmet.payments.models import Payment, PaymentStatus


def payments_of(application: Application) -> QuerySet[Payment]:
    return Payment.objects.filter(application=application).prefetch_related("refunds")


def paid_payment(application: Application) -> Payment | None:
    return Payment.objects.filter(application=application, status=PaymentStatus.SUCCEEDED).first()


def payment_of_citizen(citizen: Any, payment_id: Any) -> Payment | None:
    return (
        Payment.objects.select_related("application")
        .filter(pk=payment_id, application__citizen=citizen)
        .first()
    )
