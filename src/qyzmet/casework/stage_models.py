"""A decision prepared at a case's first stage and carried through the stages that sign it off
(``stages:`` of the service in the catalogue): who prepared it, what it decides and why, the
stage it waits at, the officers who acted on it (four eyes), and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedJSONField


class PreparedOutcome(models.TextChoices):
    OPEN = "open"  # waits at ``stage`` for an officer of its role
    SIGNED_OFF = "signed_off"  # the last stage signed it off: the case is decided
    RETURNED = "returned"  # sent back to the first stage with a note
    VOID = "void"  # the case moved meanwhile (sent back, withdrawn): nothing left to sign


class PreparedDecision(models.Model):
    case = models.ForeignKey(
        "applications.Case", on_delete=models.CASCADE, related_name="prepared_decisions"
    )
    approve = models.BooleanField()
    reason = EncryptedJSONField(
        default=dict,
        help_text="A rejection's reason as the officer gave it: {template: {kk, ru, en} or "
        "null, text: what they wrote}; empty for an approval.",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    stage = models.CharField(
        max_length=64, help_text="The stage it waits at (the catalogue's word)."
    )
    acted = models.JSONField(
        default=list,
        help_text="The officers who acted on it so far, in order: [{stage, officer (pk), at}].",
    )
    outcome = models.CharField(
        max_length=12, choices=PreparedOutcome.choices, default=PreparedOutcome.OPEN
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    note = EncryptedJSONField(
        default=list, help_text="Why it was returned, as parts (core.written), shown as written."
    )

    class Meta:
        ordering = ["prepared_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(outcome="open"),
                name="one_open_prepared_decision_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{'approve' if self.approve else 'reject'} at {self.stage} ({self.outcome})"
