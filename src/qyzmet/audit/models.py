"""The audit record: one row for every change of state, written by ``record_audit``, each
linked to the one before it in a hash chain; and the signed checkpoints of that chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditRecord(models.Model):
    sequence = models.BigIntegerField(unique=True, help_text="Place in the hash chain, from 1.")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=150, help_text="Who acted, kept even if the account goes: user name or system."
    )
    action = models.CharField(max_length=64, db_index=True, help_text="e.g. application.submitted")
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    channel = models.CharField(max_length=64, help_text="portal, partner:NAME, api, system...")
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, help_text="The hash of the record before.")
    hash = models.CharField(max_length=64, help_text="SHA-256 of this record and previous_hash.")

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_id}"


class AuditCheckpoint(models.Model):
    """The chain's head at a moment, signed with the platform's audit key; a copy of each goes
    to an append-only file outside the database, so a truncated tail shows."""

    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=128, help_text="Ed25519, base64url.")

    class Meta:
        ordering = ["sequence", "at"]

    def __str__(self) -> str:
        return f"checkpoint {self.sequence} {self.at:%Y-%m-%d %H:%M}"
