"""qyzmet's record of payments: one per attempt to pay an application's fees, with its
history, the refunds made of it, and the provider webhooks already taken (each once).

Amounts are whole tiyn. Constraints settle races: one attempt open per application, one paid
payment per application, one refund of a rejection per case."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class PaymentStatus(models.TextChoices):
    STARTED = "started"  # sent to the provider, outcome not known yet
    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # given up (the application was withdrawn or paid otherwise)
    DUPLICATE = "duplicate"  # paid although the application was paid already: refunded


FINAL_STATUSES = (
    PaymentStatus.SUCCEEDED,
    PaymentStatus.DECLINED,
    PaymentStatus.CANCELLED,
    PaymentStatus.DUPLICATE,
)


class Payment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(max_length=64, help_text="Provider name, or partner:NAME.")
    reference = models.CharField(max_length=100, blank=True, help_text="The provider's id.")
    checkout_url = models.URLField(max_length=500, blank=True)
    amount_tiyn = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="KZT")
    status = models.CharField(max_length=12, choices=PaymentStatus.choices)
    refunded_tiyn = models.PositiveBigIntegerField(default=0)
    channel = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=255, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"],
                condition=~Q(reference=""),
                name="payment_reference_once",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="started"),
                name="payment_one_started_per_application",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="succeeded"),
                name="payment_one_paid_per_application",
            ),
            models.UniqueConstraint(
                fields=["provider", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="payment_idempotency_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"payment {self.id}"


class PaymentChange(models.Model):
    """One line of a payment's history: what it became, told by whom (``source``)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=12)
    source = models.CharField(max_length=32, help_text="return, webhook, partner, refund...")
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} ({self.source})"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Refund(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    case = models.ForeignKey(
        "applications.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
        help_text="The case whose fee (or part of it) is given back; empty for a payment "
        "nothing waited for.",
    )
    amount_tiyn = models.PositiveBigIntegerField()
    status = models.CharField(max_length=12, choices=RefundStatus.choices)
    reason = models.CharField(max_length=32)
    provider_reference = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(reason="rejected"),
                name="refund_one_rejection_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"refund {self.id}"


class ProviderEvent(models.Model):
    """A provider's webhook event taken already: the same event again changes nothing."""

    provider = models.CharField(max_length=64)
    event_id = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id}"
