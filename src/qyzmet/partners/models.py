"""Partners (banks, marketplaces, messengers), the consents citizens give them, and the webhooks
they receive (``webhook_models``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedCharField, KeyedHashField
from qyzmet.core.pseudonyms import SUBJECT
from qyzmet.partners.webhook_models import WebhookAttempt, WebhookDelivery

__all__ = ["Consent", "ConsentStatus", "Partner", "RateWindow", "WebhookAttempt", "WebhookDelivery"]


class Partner(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.PROTECT,
        related_name="partner",
    )
    scopes = models.JSONField(default=list, help_text="Scopes an operator allowed.")
    webhook_url = models.URLField(blank=True)
    webhook_secret = EncryptedCharField(
        max_length=100, blank=True, help_text="Signs the webhooks (encrypted)."
    )
    webhook_previous_secret = EncryptedCharField(
        max_length=100, blank=True, help_text="The secret before the last rotation (encrypted)."
    )
    webhook_previous_secret_until = models.DateTimeField(
        null=True, blank=True, help_text="Webhooks are signed with both secrets until then."
    )
    rate_limit = models.PositiveIntegerField(default=600, help_text="Requests per minute.")
    consent_codes_refused_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the partner spent its budget of wrong consent codes: its "
        "confirmations are refused until that day ends.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def channel(self) -> str:
        return f"partner:{self.slug}"


class ConsentStatus(models.TextChoices):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"
    REVOKED = "revoked"


class Consent(models.Model):
    """A citizen's permission for a partner to act for them, for a purpose; the stored row is
    the consent receipt the citizen sees and can revoke."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="consents")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
    )
    iin = EncryptedCharField(max_length=12, index="iin_digest")
    iin_digest = KeyedHashField(of="iin", purpose=SUBJECT, null=True)
    scopes = models.JSONField(default=list)
    purpose = models.CharField(max_length=300)
    status = models.CharField(
        max_length=10, choices=ConsentStatus.choices, default=ConsentStatus.PENDING
    )
    code_digest = models.CharField(max_length=64, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    confirm_by = models.DateTimeField(help_text="A pending request expires after this.")
    granted_at = models.DateTimeField(null=True, blank=True)
    granted_through = models.CharField(max_length=20, blank=True, help_text="code or portal")
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["partner", "iin_digest", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.partner} / consent {self.pk} ({self.status})"


class RateWindow(models.Model):
    """Requests a partner made in one minute, for its rate limit."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "window"], name="one_window_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.window:%H:%M} {self.count}"
