"""An offer: a proactive proposal to one citizen, made by an offer rule from a registry event,
waiting for them by IIN (they may have no account yet) until they accept, decline, or it
expires. Accepting makes the pre-filled application."""

from __future__ import annotations

import uuid

from django.db import models

from qyzmet.core.encrypted import EncryptedCharField, KeyedHashField
from qyzmet.core.pseudonyms import SUBJECT


class OfferStatus(models.TextChoices):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class Offer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.ForeignKey("catalog.OfferRule", on_delete=models.PROTECT, related_name="+")
    rule_version = models.ForeignKey(
        "catalog.OfferRuleVersion", on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "registries.RegistryEvent", on_delete=models.PROTECT, related_name="offers"
    )
    citizen_iin = EncryptedCharField(
        max_length=12, index="citizen_iin_digest", help_text="Whom it is for."
    )
    citizen_iin_digest = KeyedHashField(of="citizen_iin", purpose=SUBJECT, null=True)
    relationship = models.CharField(
        max_length=16, help_text="What the citizen is to the event's subject: parent, self..."
    )
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_through = models.CharField(
        max_length=64, blank=True, help_text="The channel it was accepted or declined on."
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The application made when it was accepted.",
    )

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "event", "citizen_iin_digest"],
                name="offer_once_per_rule_event_citizen",
            )
        ]
        indexes = [
            models.Index(fields=["citizen_iin_digest", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"offer {self.id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == OfferStatus.PENDING
