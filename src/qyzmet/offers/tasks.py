"""Background jobs of offers, each calling one domain function."""

from __future__ import annotations

from django_tasks import task

from qyzmet.jobs.schedule import schedule
from qyzmet.offers.making import make_offers
from qyzmet.offers.services import expire_offers


@task()
def make_offers_for_event(event_id: int) -> int:
    """Make the offers of a registry event; the event's transaction enqueued this."""
    return len(make_offers(event_id=event_id))


@schedule.daily("offers.expire")
@task(priority=-10)
def expire() -> int:
    """Expire the offers nobody accepted or declined in time."""
    return expire_offers()
