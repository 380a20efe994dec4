"""The record of every answer the assistant gave: what it was asked (redacted, and a keyed
hash), in which language, with which catalogue and model, what it suggested and how sure it
was, and later which life situation or service the citizen applied for. Auditors read them
in ``qyzmet assistant report``; they are deleted after ``QYZMET_ASSISTANT_RETENTION_DAYS``."""

from __future__ import annotations

import uuid

from django.db import models


class RecordKind(models.TextChoices):
    ROUTING = "routing"  # free text → life situations and services
    PREFILL = "prefill"  # free text → values suggested for a draft
    CASE_HINTS = "case_hints"  # a case → hints for the officer


class Record(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=RecordKind.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=64, help_text="portal, api, partner:NAME, messenger...")
    conversation = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the session or chat it came from."
    )
    text_digest = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash (HMAC-SHA256) of the text asked."
    )
    redacted_text = models.TextField(
        blank=True, help_text="The text asked, numbers and names replaced by [IIN], [NAME]..."
    )
    language = models.CharField(max_length=8, blank=True, help_text="Detected language.")
    language_hint = models.CharField(max_length=8, blank=True)
    backend = models.CharField(max_length=32)
    backend_version = models.CharField(max_length=200)
    catalog_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the catalogue texts it knew."
    )
    fallback = models.CharField(
        max_length=200, blank=True, help_text="Why another backend than the configured answered."
    )
    output = models.JSONField(
        default=list, help_text="Suggestions, suggested fields or hints (no personal data)."
    )
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=16, blank=True, help_text="confident, unsure, no_match")
    latency_ms = models.PositiveIntegerField(default=0)
    case_id = models.UUIDField(null=True, blank=True, help_text="The case hinted about.")
    application_id = models.UUIDField(
        null=True, blank=True, help_text="The application started after this answer."
    )
    applied_kind = models.CharField(max_length=16, blank=True)
    applied_id = models.CharField(max_length=64, blank=True, help_text="Life situation or service.")
    applied_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its place among the suggestions (1 = first); 0 = none."
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["conversation", "-created_at"]),
            models.Index(fields=["kind", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.channel})"
