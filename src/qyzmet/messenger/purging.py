"""Forgetting answered updates once the bot API can no longer send them again."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qyzmet.messenger.models import Update

KEEP_UPDATES = datetime.timedelta(days=7)  # the bot API gives up on an update within a day


def purge_updates(*, now: datetime.datetime | None = None) -> int:
    """Delete answered updates older than ``KEEP_UPDATES``; how many."""
    now = now or timezone.now()
    deleted, _ = Update.objects.filter(
        processed_at__isnull=False, received_at__lt=now - KEEP_UPDATES
    ).delete()
    return deleted
