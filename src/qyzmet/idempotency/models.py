"""The first request a caller sent with an idempotency key, and the response it got."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from qyzmet.core.encrypted import EncryptedBinaryField


class IdempotentRequest(models.Model):
    caller = models.CharField(max_length=100, help_text="Who sent it: user:ID, partner:ID...")
    key = models.CharField(max_length=255, help_text="The caller's Idempotency-Key.")
    method = models.CharField(max_length=10)
    path = models.TextField(help_text="Path and query string.")
    body_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the body, hex.")
    claim = models.UUIDField(default=uuid.uuid4, help_text="The execution that may complete it.")
    started_at = models.DateTimeField()
    lease_until = models.DateTimeField(
        default=timezone.now,
        help_text="While in progress: its request's until then (renewed while it runs); "
        "the next request takes over a claim whose lease ran out.",
    )
    expires_at = models.DateTimeField(db_index=True, help_text="Forgotten from then on.")
    status = models.PositiveSmallIntegerField(null=True, help_text="None while in progress.")
    content_type = models.CharField(max_length=200, blank=True)
    headers = models.JSONField(default=dict, help_text="Response headers to replay.")
    body = EncryptedBinaryField(default=b"", help_text="Encrypted: it may hold personal data.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="one_request_per_caller_key"),
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.key} {self.method} {self.path} -> {self.status or '...'}"
