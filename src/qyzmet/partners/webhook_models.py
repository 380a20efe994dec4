"""Webhook deliveries: one event told to one partner (the outbox row its delivery job works
from) and every attempt to post it, which the partner reads as its delivery log."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"  # waiting for a worker: the first attempt or a retry
    SENDING = "sending"  # a worker is posting it (taken again if that worker died)
    DELIVERED = "delivered"  # the partner answered 2xx
    FAILED = "failed"  # every attempt failed, or the partner can no longer receive it


class WebhookDelivery(models.Model):
    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, help_text="Sent as webhook-id."
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    event_type = models.CharField(max_length=64, help_text="e.g. case.status_changed")
    body = models.TextField(help_text="The JSON posted, exactly as signed.")
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Attempts made so far.")
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="The worker posting it (jobs.leases)."
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When it was taken.")
    error = models.TextField(blank=True, help_text="Why the last attempt failed.")
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    withheld_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the citizen revoked the partner's consent: no longer sent, nor shown "
        "in the partner's delivery log.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["partner", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.partner_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One POST of a delivery to the partner's endpoint, and what came of it."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(help_text="When the request started.")
    url = models.URLField(max_length=500)
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when no answer came (network error, timeout)."
    )
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}: {self.status_code or self.error}"
