"""A consultation of another agency: a decision prepared at a case's first stage waits at a
consultation stage (``consult:`` in the catalogue) for the consulted agency's officers to agree
or object, within a term of working days; the answer (or its absence) goes with the decision to
the next stage."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedJSONField


class ConsultationOutcome(models.TextChoices):
    OPEN = "open"  # waits for the consulted agency's answer
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"  # the term passed without an answer (the daily job)
    VOID = "void"  # the decision it was about is void or was returned meanwhile


class ConsultationAnswer(models.TextChoices):
    AGREE = "agree"
    OBJECT = "object"


class Consultation(models.Model):
    case = models.ForeignKey(
        "applications.Case", on_delete=models.CASCADE, related_name="consultations"
    )
    prepared = models.ForeignKey(
        "casework.PreparedDecision", on_delete=models.CASCADE, related_name="consultations"
    )
    stage = models.CharField(max_length=64, help_text="The consultation stage (catalogue word).")
    agency = models.ForeignKey(
        "catalog.Agency",
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="The agency consulted.",
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    term_ends = models.DateField(help_text="The last working day to answer.")
    outcome = models.CharField(
        max_length=12, choices=ConsultationOutcome.choices, default=ConsultationOutcome.OPEN
    )
    answer = models.CharField(max_length=8, choices=ConsultationAnswer.choices, blank=True)
    note = EncryptedJSONField(
        default=list, help_text="The consulted officer's note, as parts (core.written)."
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["agency", "outcome", "term_ends"])]
        constraints = [
            models.UniqueConstraint(
                fields=["prepared", "stage"], name="one_consultation_per_decision_and_stage"
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(outcome="open"),
                name="one_open_consultation_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"consultation of {self.agency_id} at {self.stage} ({self.outcome})"


class Escalation(models.Model):
    """A pending case escalated to officers of a role before its legal deadline (``escalation:``
    of its service), once per case: the row's uniqueness is what makes it once."""

    case = models.OneToOneField(
        "applications.Case", on_delete=models.CASCADE, related_name="escalation"
    )
    role = models.CharField(max_length=32, help_text="The role escalated to.")
    at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField(help_text="The case's due date when it was escalated.")

    def __str__(self) -> str:
        return f"{self.case_id} escalated to {self.role}"
