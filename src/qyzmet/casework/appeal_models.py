"""A citizen's appeal against a decision of a case, or complaint about its delay: the reasons
as written, the body that decides it and by when, and its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedJSONField


class AppealKind(models.TextChoices):
    DECISION = "decision"  # against an approval or a rejection
    DELAY = "delay"  # a complaint that a pending case is past its due date


class AppealOutcome(models.TextChoices):
    OPEN = "open"  # awaits the appeals body's decision
    UPHELD = "upheld"  # a decision appealed is reversed; a delay is acknowledged
    DISMISSED = "dismissed"  # with the reasons given
    WITHDRAWN = "withdrawn"  # the citizen withdrew the application meanwhile


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
