"""A concealment: an investigation hides one exchange access from the citizen's data tracker
until a date, on a recorded legal basis. Whether an access is hidden is decided when the
tracker is read, so it appears by itself when the period ends."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Concealment(models.Model):
    access = models.OneToOneField(
        "exchange.DataAccess",
        on_delete=models.PROTECT,
        related_name="concealment",
        help_text="The access hidden; an access is hidden once at most.",
    )
    basis = models.CharField(max_length=32, help_text="Coded legal basis (tracker.bases).")
    reference = models.CharField(
        max_length=100, help_text="The decision or case number the basis rests on."
    )
    requested_by = models.CharField(
        max_length=200, help_text="Who asked: the authority and the official."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The operator who recorded it (empty: the command line).",
    )
    hidden_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(help_text="The access appears to the citizen at this moment.")
    lifted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was lifted before its end, if it was."
    )

    class Meta:
        ordering = ["-hidden_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__gt=F("hidden_at")), name="tracker_concealment_ends_later"
            )
        ]

    def __str__(self) -> str:
        return f"{self.access.message_id} hidden until {self.until:%Y-%m-%d}"

    def hides_at(self, moment: datetime.datetime) -> bool:
        """Whether the access is hidden from the citizen at ``moment``."""
        return self.lifted_at is None and self.until > moment
