"""A case sent back for correction: what must change, the officer's message as written, the
term the catalogue gives, and how it ended (corrected, or the term passed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedJSONField


class CorrectionOutcome(models.TextChoices):
    OPEN = "open"  # the citizen has not resubmitted yet
    CORRECTED = "corrected"  # resubmitted within the term
    EXPIRED = "expired"  # the term passed: the case ended as the catalogue says
    WITHDRAWN = "withdrawn"  # the citizen withdrew the application meanwhile


class Correction(models.Model):
    """One send-back of a case. ``items`` names what must change, each ``{"kind": "field",
    "name": ...}`` (a field of the service's form) or ``{"kind": "document", "name": ...}``
    (one of the service's attachments, to replace or add)."""

    case = models.ForeignKey(
        "applications.Case", on_delete=models.CASCADE, related_name="corrections"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=64)
    items = models.JSONField(help_text="What must change: [{kind, name}].")
    message_parts = EncryptedJSONField(
        default=list,
        help_text="The officer's message as parts (core.written): shown as written, marked "
        "with its language.",
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    term_ends = models.DateField(help_text="The last day to resubmit (catalogue's term).")
    due_date_before = models.DateField(help_text="The case's due date when the clock stopped.")
    outcome = models.CharField(
        max_length=12, choices=CorrectionOutcome.choices, default=CorrectionOutcome.OPEN
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(
        default=0, help_text="Working days the deadline moved by when the citizen resubmitted."
    )
    # ``changed`` holds the ids of the documents replaced too, beside the fields' names.
    changed = models.JSONField(
        default=list, help_text="The names of the fields the citizen changed on resubmission."
    )

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(outcome="open"),
                name="one_open_correction_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"correction of {self.case_id} ({self.outcome})"

    @property
    def field_names(self) -> list[str]:
        return [item["name"] for item in self.items if item.get("kind") == "field"]

    @property
    def document_names(self) -> list[str]:
        """The ids of the service's attachments the citizen must replace or add."""
        return [item["name"] for item in self.items if item.get("kind") == "document"]

    @property
    def message(self) -> dict[str, str]:
        """The officer's message as written: ``{"written": text, "language": kk|ru|en}``."""
        return next((p for p in self.message_parts if isinstance(p, dict)), {})
