"""A notification: one message to one person through one channel, with its delivery status.

Subject and body are rendered when the notification is created, in the recipient's language,
so what was sent (an SMS, a chat message) stays what the person read. The inbox shows it again
in the language the reader has chosen since, from the ``context`` kept with it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from qyzmet.core.encrypted import (
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
    KeyedHashField,
)


class NotificationStatus(models.TextChoices):
    QUEUED = "queued"  # waiting for a worker (first delivery or a retry)
    SENDING = "sending"  # a worker is handing it to its channel (taken again if it died)
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text="Empty for someone without an account yet (a sign-in code to an IIN).",
    )
    address = EncryptedCharField(
        max_length=255,
        blank=True,
        index="address_digest",
        help_text="Where the channel delivers: an IIN (console), a phone or e-mail (encrypted).",
    )
    address_digest = KeyedHashField(of="address", purpose="address", null=True, db_index=True)
    channel = models.CharField(max_length=32, help_text="inbox, console, sms, email, messenger...")
    kind = models.CharField(max_length=64, help_text="e.g. application.submitted")
    language = models.CharField(max_length=2, help_text="kk, ru or en.")
    subject = EncryptedCharField(max_length=255)  # names, codes, addresses: encrypted
    body = EncryptedTextField()
    context = EncryptedJSONField(
        null=True,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="What the message says, as data (texts in kk/ru/en, what an officer wrote "
        "as written): the inbox renders it in the reader's language. Empty for one-time codes.",
    )
    status = models.CharField(
        max_length=16, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Deliveries tried.")
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="The worker sending it (jobs.leases)."
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When it was taken.")
    error = models.TextField(blank=True, help_text="Why the last failed attempt failed.")
    # set by ``notify`` when it makes the message, so an inbox message written delivered has
    # the same time in all three (it is its row), never delivered before it was made
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True, help_text="Inbox: first opened.")
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    batch = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="The notifications of one message."
    )
    fallback_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fallbacks",
        help_text="The notification that failed for good and this one stands in for.",
    )
    case = models.ForeignKey(
        "applications.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer = models.ForeignKey(
        "offers.Offer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The offer it proposes (accept or decline from the message).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "-created_at"]),
            models.Index(fields=["channel", "kind", "-created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "channel"],
                condition=models.Q(kind="case.overdue"),
                name="notification_overdue_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} via {self.channel} ({self.status})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class SmsStatus(models.TextChoices):
    SENDING = "sending"  # being handed to the gateway (or its answer was lost: tried again)
    ACCEPTED = "accepted"  # the gateway took it; its delivery report is awaited
    DELIVERED = "delivered"  # the handset has it (a delivery report said so)
    FAILED = "failed"  # refused by the gateway, or a delivery report said it failed


class SmsMessage(models.Model):
    """One text message handed to an SMS gateway, and what became of it: the delivery record
    the gateway's reports update. It keeps no text (a one-time code is nowhere but in the
    notification, masked there once sent) and only the number's last digits."""

    reference = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="qyzmet's id of the message: sent to the gateway as its client message id "
        "(the same id is never sent twice) and named by its delivery reports.",
    )
    notification = models.OneToOneField(
        Notification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # sign-in codes' messages are purged; their record stays
        related_name="sms",
    )
    kind = models.CharField(max_length=64, help_text="The notification's kind.")
    gateway = models.CharField(max_length=32, help_text="The SMS gateway it was handed to.")
    gateway_message_id = models.CharField(
        max_length=100, blank=True, db_index=True, help_text="The gateway's id of the message."
    )
    phone_masked = models.CharField(max_length=24, help_text="The number's last digits.")
    status = models.CharField(max_length=16, choices=SmsStatus.choices, default=SmsStatus.SENDING)
    reason = models.CharField(max_length=200, blank=True, help_text="Why it failed.")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    reports = models.PositiveSmallIntegerField(default=0, help_text="Delivery reports received.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"SMS {self.reference} ({self.status})"
