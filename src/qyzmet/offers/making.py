"""Turning a registry event into offers: one per (rule, event, citizen), made by a job that the
event's transaction enqueued. Each offer is written with its audit record and its
notification (through the channels that reach the citizen) in one transaction; running the
job again makes nothing twice."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import OfferRuleVersion
from qyzmet.catalog.selectors import offer_rules_for
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.formats import date_text
from qyzmet.notifications.models import Notification
from qyzmet.notifications.services import citizen_channels, notify
from qyzmet.offers.models import Offer
from qyzmet.offers.recipients import Recipient, recipients_of
from qyzmet.registries.models import RegistryEvent

CHANNEL = "proactive"  # the glossary's channel of what the state starts itself


def enqueue_offers(event: RegistryEvent) -> None:
    """The registries' subscriber: enqueue the job in the transaction of the event."""
    from qyzmet.offers.tasks import make_offers_for_event  # the task module imports this one

    make_offers_for_event.enqueue(event.pk)


def make_offers(*, event_id: int) -> list[Offer]:
    """Make the offers of every current rule of the event's kind; the offers made now."""
    event = RegistryEvent.objects.filter(pk=event_id).first()
    if event is None:
        return []
    made = []
    for rule in offer_rules_for(event.kind):
        for recipient in recipients_of(rule.definition["to"], event):
            offer = _make_offer(rule=rule, event=event, recipient=recipient)
            if offer is not None:
                made.append(offer)
    return made


def _make_offer(
    *, rule: OfferRuleVersion, event: RegistryEvent, recipient: Recipient
) -> Offer | None:
    try:
        with transaction.atomic():
            if Offer.objects.filter(
                rule_id=rule.rule_id, event=event, citizen_iin=recipient.iin
            ).exists():
                return None
            offer = Offer.objects.create(
                rule_id=rule.rule_id, rule_version=rule, event=event,
                citizen_iin=recipient.iin, relationship=recipient.relationship,
                expires_at=timezone.now() + datetime.timedelta(days=rule.definition["open_days"]),
            )  # fmt: skip
            record_audit(
                actor=None, action="offer.made", obj=offer, channel=CHANNEL,
                details={"rule": rule.rule.slug, "event": event.pk,
                         "citizen": subject_digest(recipient.iin)},
            )  # fmt: skip
            notify_offer_made(offer=offer)
    except IntegrityError:  # another worker made it meanwhile
        return None
    return offer


def notify_offer_made(*, offer: Offer) -> list[Notification]:
    """Tell the citizen through every channel that reaches them; someone without an account
    yet gets the message at their IIN (the demo's stand-in for the registered phone)."""
    citizen: Any = get_user_model().objects.filter(iin=offer.citizen_iin).first()
    context = {
        "title": offer.rule_version.title,
        "description": offer.rule_version.description,
        "until": date_text(offer.expires_at),
    }
    if citizen is None:
        return notify(kind="offer.made", context=context, address=offer.citizen_iin,
                      channels=["console"], offer=offer)  # fmt: skip
    return notify(kind="offer.made", context=context, recipient=citizen,
                  channels=citizen_channels(citizen), offer=offer)  # fmt: skip
