"""The application aggregate: an application, its cases (one per service and agency) and the
history of their statuses."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models

from qyzmet.applications.references import LENGTH, new_reference
from qyzmet.core.encrypted import (
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
    KeyedHashField,
)
from qyzmet.core.pseudonyms import SUBJECT
from qyzmet.core.written import written


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft"
    AWAITING_PAYMENT = "awaiting_payment"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PARTIALLY_APPROVED = "partially_approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SENT_BACK = "sent_back"  # a case waits for the citizen's correction


class CaseStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment"  # its fee is paid online first; no officer sees it
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    REVERSED = "reversed"  # its decision was reversed: it awaits a new one
    SENT_BACK = "sent_back"  # sent back for correction: the citizen acts, the clock stops
    CORRECTED = "corrected"  # corrected and resubmitted: it awaits a decision again


PENDING_CASE_STATUSES = (
    CaseStatus.SUBMITTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.REVERSED,
    CaseStatus.CORRECTED,
)
WITHDRAWABLE_CASE_STATUSES = (
    CaseStatus.AWAITING_PAYMENT,
    *PENDING_CASE_STATUSES,
    CaseStatus.SENT_BACK,
)
DECIDED_CASE_STATUSES = (CaseStatus.APPROVED, CaseStatus.REJECTED)


class Application(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(
        max_length=LENGTH,
        unique=True,
        editable=False,
        default=new_reference,  # the services draw again one found taken; this for any other save
        help_text="The short human number of the application (QZ-7K4M-2P9X), given when it is "
        "first saved (applications.references); it names the application, it opens nothing.",
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    subject_iin = EncryptedCharField(
        max_length=12,
        index="subject_iin_digest",
        help_text="Whom the application is for: the citizen, their minor child, a principal who "
        "gave them a mandate; for a company's application, the person acting in its name.",
    )
    subject_iin_digest = KeyedHashField(of="subject_iin", purpose=SUBJECT, db_index=True)
    subject_bin = EncryptedCharField(
        max_length=12,
        null=True,
        blank=True,
        index="subject_bin_digest",
        help_text="The company the application is made in the name of (its BIN), if any.",
    )
    subject_bin_digest = KeyedHashField(of="subject_bin", purpose=SUBJECT, null=True, db_index=True)
    ground = models.CharField(
        max_length=24,
        default="self",
        help_text="Why the citizen may act for the subject (representation.grounds): self, "
        "minor-child, granted, notarised, guardianship, company-head, company-certificate.",
    )
    mandate = models.ForeignKey(
        "representation.Mandate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="The mandate the citizen applied under, if one was the ground.",
    )
    life_situation = models.ForeignKey(
        "catalog.LifeSituationVersion", null=True, blank=True, on_delete=models.PROTECT
    )
    service = models.ForeignKey(
        "catalog.ServiceVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Set for an application for a single service.",
    )
    service_versions = models.JSONField(
        default=dict, help_text="Service slug to the ServiceVersion id fixed when started."
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    channel = models.CharField(max_length=64)
    answers = EncryptedJSONField(default=dict, blank=True)
    data = EncryptedJSONField(default=dict, blank=True, help_text="Form values per service slug.")
    prefill = EncryptedJSONField(
        default=dict, blank=True, help_text="Registry data shown to the citizen to check."
    )
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    request_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "idempotency_key"], name="application_idempotency_key_once"
            )
        ]
        indexes = [models.Index(fields=["citizen", "-created_at"])]

    def __str__(self) -> str:
        return f"application {self.reference or self.id}"

    @property
    def under_mandate(self) -> bool:
        """Made by a representative in a principal's name (a mandate or a guardianship)."""
        return self.mandate_id is not None

    @property
    def applicant_iin(self) -> str:
        """The person in whose name it is made: the principal when a representative applies
        under a mandate (they stand in the principal's shoes); else the citizen applying (for
        themself, for their child, or in their company's name)."""
        if self.under_mandate:
            return self.subject_iin
        return str(getattr(self.citizen, "iin", "") or "")


class CaseQuerySet(models.QuerySet["Case"]):
    def overdue(self, today: datetime.date) -> CaseQuerySet:
        """Cases still waiting for a decision after their legal deadline."""
        return self.filter(status__in=PENDING_CASE_STATUSES, due_date__lt=today)


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="cases")
    service = models.ForeignKey("catalog.ServiceVersion", on_delete=models.PROTECT)
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices)
    data = EncryptedJSONField(default=dict, help_text="The form values for this service.")
    registry_extract = EncryptedJSONField(
        default=dict, help_text="The registry data this service declared, as read at submission."
    )
    checks = models.JSONField(default=list, help_text="Outcomes of the automatic checks.")
    fee_tiyn = models.PositiveBigIntegerField(
        default=0, help_text="The fee assessed at submission, in tiyn (0: free or exempt)."
    )
    fee_exemption = models.CharField(
        max_length=64, blank=True, help_text="The exemption category that waived the fee."
    )
    due_date = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    decision_reason = EncryptedTextField(blank=True)  # officers write what they must
    decision_reason_parts = EncryptedJSONField(
        default=list,
        blank=True,
        help_text="The reason as parts (core.written): catalogue texts in kk/ru/en, read in the "
        "reader's language, and what the officer wrote, shown as written. decision_reason "
        "holds it as the citizen read it when it was sent.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    time_in_correction = models.DurationField(
        default=datetime.timedelta(0),
        help_text="How long the case waited for the citizen's corrections, all send-backs "
        "together: the quality statistics leave it out of the agency's time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["agency", "status", "due_date"])]

    def __str__(self) -> str:
        return f"case {self.id}"

    @property
    def reason_parts(self) -> list[Any]:
        """The decision's reason as parts; a reason kept only as text (older cases) as written."""
        if self.decision_reason_parts:
            return list(self.decision_reason_parts)
        return [written(self.decision_reason)] if self.decision_reason else []

    def is_overdue(self, today: datetime.date) -> bool:
        """Still waiting for a decision after its legal deadline (as ``overdue()`` selects)."""
        return self.status in PENDING_CASE_STATUSES and self.due_date < today


NOTES_FOR_CITIZENS = {
    "rejected", "reversed", "visit_happened", "appeal_dismissed", "appeal_upheld", "fee_reassessed",
}  # fmt: skip


class StatusChange(models.Model):
    """One line of history: an application or one of its cases moved to ``status``."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    channel = models.CharField(max_length=64)
    note = EncryptedTextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def note_for_citizens(self) -> str:
        """The note as citizens read it on every channel: the reasons of a decision, a reversal
        or an appeal's outcome, what was done at a visit; officers' own notes (whom a case was
        assigned to, a decision returned to review) stay with officers."""
        return self.note if self.status in NOTES_FOR_CITIZENS else ""


class ReversalGround(models.TextChoices):
    """Why a decision may be reversed (labels in ``applications.grounds``)."""

    APPEAL_UPHELD = "appeal_upheld"
    ERROR_IN_DECISION = "error_in_decision"
    NEW_FACTS = "new_facts"
    COURT_RULING = "court_ruling"


class Reversal(models.Model):
    """A case's decision reversed by an officer of its agency: the ground, the reason, and the
    result document it revoked. The case then awaits a new decision."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reversals")
    decision = models.CharField(
        max_length=20, help_text="The status reversed: approved or rejected."
    )
    ground = models.CharField(max_length=32, choices=ReversalGround.choices)
    reason = EncryptedTextField(help_text="The officer's written reason; the citizen reads it.")
    reason_language = models.CharField(
        max_length=2,
        blank=True,
        help_text="The language the reason is written in (kk, ru, en; guessed from its letters "
        "when it was written), so a reader in another language is told; '' when it has no words.",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=64)
    document_number = models.CharField(
        max_length=24, blank=True, help_text="The result document revoked with the decision."
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        permissions = [("reverse_decision", "Can reverse decisions on cases of their agency")]

    def __str__(self) -> str:
        return f"reversal of {self.decision} ({self.ground})"

    @property
    def reason_parts(self) -> list[Any]:
        """The reason as parts (``core.written``): as the officer wrote it, with its language."""
        return [written(self.reason, self.reason_language)] if self.reason else []


from qyzmet.applications.correction_models import Correction  # noqa: E402,F401
from qyzmet.applications.signatures import (  # noqa: E402,F401
    ApplicationSignature,
    SignatureVerification,
)
