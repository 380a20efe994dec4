"""Per-partner rate limits: requests per minute, counted in the database so that every app
server shares one count."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from qyzmet.core.errors import DomainError
from qyzmet.partners.models import Partner, RateWindow


class RateLimited(DomainError):
    kind = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate_limited", {"seconds": retry_after})
        self.retry_after = retry_after


def count_request(*, partner: Partner) -> None:
    """Count one request of ``partner`` in the current minute; ``RateLimited`` (with the
    seconds until the next minute) when it is over its limit."""
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    with transaction.atomic():
        counted = RateWindow.objects.filter(partner=partner, window=window).update(
            count=F("count") + 1
        )
        if not counted:
            try:
                with transaction.atomic():
                    RateWindow.objects.create(partner=partner, window=window, count=1)
            except IntegrityError:  # another server opened the window meanwhile
                RateWindow.objects.filter(partner=partner, window=window).update(
                    count=F("count") + 1
                )
        used = RateWindow.objects.get(partner=partner, window=window).count
    if used > partner.rate_limit:
        retry_after = 60 - now.second
        raise RateLimited(retry_after)


def purge_rate_windows(*, older_than: datetime.timedelta = datetime.timedelta(hours=1)) -> int:
    return RateWindow.objects.filter(window__lt=timezone.now() - older_than).delete()[0]
