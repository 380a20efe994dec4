"""The sandbox provider's own ledger: its charges and the webhooks it sends. It is kept apart
from qyzmet's payments (``qyzmet.payments``), as a bank's records are, so that reconciliation
has two sides to compare."""

from __future__ import annotations

from django.db import models


class ChargeStatus(models.TextChoices):
    OPEN = "open"  # waiting for a card on the hosted page
    CHALLENGE = "challenge"  # waiting for the 3-D Secure-like code
    SUCCEEDED = "succeeded"
    DECLINED = "declined"


class Charge(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    merchant_reference = models.CharField(max_length=64, help_text="The merchant's payment id.")
    amount_tiyn = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="KZT")
    description = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=ChargeStatus.choices)
    refunded_tiyn = models.PositiveBigIntegerField(default=0)
    card_last4 = models.CharField(max_length=4, blank=True)
    decline_reason = models.CharField(max_length=64, blank=True)
    return_url = models.URLField(max_length=500)
    webhook_url = models.URLField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.reference


class ChargeRefund(models.Model):
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="refunds")
    reference = models.CharField(max_length=40, unique=True)
    merchant_key = models.CharField(max_length=100, help_text="Refunds with one key are made once.")
    amount_tiyn = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["charge", "merchant_key"], name="sandbox_refund_once")
        ]

    def __str__(self) -> str:
        return self.reference


class Webhook(models.Model):
    """One event the sandbox tells the merchant of, posted by a background job."""

    event_id = models.CharField(max_length=40, unique=True)
    charge = models.ForeignKey(Charge, on_delete=models.CASCADE, related_name="webhooks")
    kind = models.CharField(max_length=32)
    body = models.BinaryField()
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.event_id
