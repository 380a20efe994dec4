"""The audit record: one row for every change of state, written by ``record_audit``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditRecord(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
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

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_id}"
