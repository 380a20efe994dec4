"""Result documents: what a citizen receives when a case is approved, signed by the agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField


class ResultDocument(models.Model):
    id = models.CharField(
        primary_key=True,
        max_length=24,
        editable=False,
        help_text="Document number: random, unguessable, printed on the document.",
    )
    case = models.ForeignKey(
        "applications.Case",
        on_delete=models.PROTECT,
        related_name="result_documents",
        help_text="A case has one valid document; a reversed decision leaves it revoked.",
    )
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="result_documents"
    )
    key = models.ForeignKey("trust.AgencyKey", on_delete=models.PROTECT)
    language = models.CharField(max_length=2)
    content = EncryptedJSONField(help_text="What the document says, as printed (encrypted).")
    pdf = EncryptedBinaryField(help_text="The signed PDF exactly as issued (encrypted).")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the signed PDF.")
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_ground = models.CharField(
        max_length=32, blank=True, help_text="Coded (documents.grounds); the verify page shows it."
    )
    revocation_reason = EncryptedTextField(
        blank=True, help_text="The written reason (encrypted); the verify page never shows it."
    )

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_document_per_case",
            )
        ]

    def __str__(self) -> str:
        return self.id

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
