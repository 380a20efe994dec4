"""A citizen's appeal against a decision of a case, or complaint about its delay: the reasons
as written, the documents attached to it, the body that decides it and by when, and its
outcome."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField


class AppealKind(models.TextChoices):
    DECISION = "decision"  # against an approval or a rejection
    DELAY = "delay"  # a complaint that a pending case is past its due date


class AppealOutcome(models.TextChoices):
    OPEN = "open"  # awaits the appeals body's decision
    UPHELD = "upheld"  # a decision appealed is reversed; a delay is acknowledged
    DISMISSED = "dismissed"  # with the reasons given
    WITHDRAWN = "withdrawn"  # the case was withdrawn meanwhile: closed, nothing to decide
    MOOT = "moot"  # a complaint about a delay closed: the case was decided meanwhile


class Appeal(models.Model):
    """One appeal of a case. At most one is open per case (a database constraint: a form sent
    twice files one)."""

    case = models.ForeignKey("applications.Case", on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(max_length=10, choices=AppealKind.choices)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=64)
    decision = models.CharField(
        max_length=20, blank=True, help_text="The case's status appealed (approved, rejected)."
    )
    reasons_parts = EncryptedJSONField(
        default=list, help_text="The citizen's reasons as parts (core.written), shown as written."
    )
    body = models.ForeignKey(
        "catalog.Agency",
        on_delete=models.PROTECT,
        related_name="appeals_to_decide",
        help_text="The agency whose officers with the role appeals decide it.",
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField(help_text="The last day to decide it (working days).")
    outcome = models.CharField(
        max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.OPEN
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_reason_parts = EncryptedJSONField(
        default=list, help_text="The appeals officer's reasons as parts (core.written)."
    )
    reversal = models.ForeignKey(
        "applications.Reversal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The reversal an upheld appeal against a decision made.",
    )

    class Meta:
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(outcome="open"),
                name="one_open_appeal_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"appeal of {self.case_id} ({self.kind}, {self.outcome})"

    @property
    def reasons(self) -> dict[str, str]:
        """The citizen's reasons as written: ``{"written": text, "language": kk|ru|en}``."""
        return next((p for p in self.reasons_parts if isinstance(p, dict)), {})

    @property
    def outcome_reason(self) -> dict[str, str]:
        return next((p for p in self.outcome_reason_parts if isinstance(p, dict)), {})


class AppealAttachment(models.Model):
    """A document the citizen attached to their appeal: checked, scanned and encrypted as an
    application's attachment (``attachments.services.checked_content``), seen only by the
    officers who decide the appeal; its content is deleted ``QYZMET_ATTACHMENT_KEEP_DAYS``
    after the appeal is decided or closed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    filename = EncryptedTextField(help_text="The name the citizen's file had (encrypted).")
    content_type = models.CharField(max_length=100, help_text="As detected from the content.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    content = EncryptedBinaryField(
        null=True, help_text="The file (encrypted); empty once the retention term has ended."
    )
    scanner = models.CharField(max_length=32, help_text="The scanner that found it clean.")
    channel = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When its content was deleted (retention)."
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"appeal {self.appeal_id} {self.content_type} {self.size}"

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None
