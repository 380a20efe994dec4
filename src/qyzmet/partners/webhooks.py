"""Webhooks to partners: every status change of an application made through a partner, and of
each of its cases, is an event for that partner.

``announce_status_change`` is called by ``applications.history.record_status`` inside the
transaction of the change. It writes the delivery row and enqueues its delivery job in that
transaction (an outbox): a rolled-back change announces nothing, and a crash after the commit
loses nothing. ``delivery.deliver_webhook`` then posts it, signed, and retries.

Applications and cases are passed in, never imported, so that the applications domain, which
calls this module, is not imported back.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.jobs.leases import abandoned
from qyzmet.partners.models import Partner
from qyzmet.partners.selectors import consent_withdrawn
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookDelivery

APPLICATION_STATUS_CHANGED = "application.status_changed"
CASE_STATUS_CHANGED = "case.status_changed"
REVERSED = "reversed"  # a case's decision reversed: the reason is the reversal's
SENT_BACK = "sent_back"  # sent back for correction: the reason is the officer's message
EVENT_TYPES = (APPLICATION_STATUS_CHANGED, CASE_STATUS_CHANGED)
CHANNEL_PREFIX = "partner:"
UNANNOUNCED = ("draft",)  # the partner started the draft itself and has the answer
WITHHELD = "Not sent: the citizen revoked the partner's consent."


def receiving_partner(channel: str) -> Partner | None:
    """The partner behind ``channel`` if it is active and has a webhook endpoint."""
    if not channel.startswith(CHANNEL_PREFIX):
        return None
    partner = (
        Partner.objects.filter(slug=channel.removeprefix(CHANNEL_PREFIX), active=True)
        .exclude(webhook_url="")
        .first()
    )
    return partner if partner is not None and partner.webhook_secret else None  # encrypted


def _iso(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _slug(version: Any) -> str | None:
    return version.slug if version is not None else None


def application_data(application: Any, status: str) -> dict[str, Any]:
    return {
        "application_id": str(application.pk),
        "reference": application.reference,
        "status": status,
        "life_situation": _slug(application.life_situation),
        "service": _slug(application.service),
        "submitted_at": _iso(application.submitted_at),
    }


def case_data(case: Any, status: str, note: str = "") -> dict[str, Any]:
    """What the partner may show its user; the decision's reason is what the API shows too
    (for a decision reversed, the ground and reason of the reversal, as the citizen reads
    them; for a case sent back, the officer's message). No form values, registry data or
    IINs: the partner reads those through the API."""
    return {
        "application_id": str(case.application_id),
        "application_reference": case.application.reference,
        "case_id": str(case.pk),
        "service": case.service.slug,
        "agency": case.agency.slug,
        "status": status,
        "due_date": case.due_date.isoformat(),
        "decided_at": _iso(case.decided_at),
        "reason": note if status in (REVERSED, SENT_BACK) else case.decision_reason,
    }


def event_of(change: Any) -> dict[str, Any]:
    """The webhook payload of a status change, per the Standard Webhooks conventions."""
    if change.case is not None:
        kind, data = CASE_STATUS_CHANGED, case_data(change.case, change.status, change.note)
    else:
        kind, data = APPLICATION_STATUS_CHANGED, application_data(change.application, change.status)
    return {"type": kind, "timestamp": _iso(change.at), "data": data}


def announce_status_change(*, change: Any) -> WebhookDelivery | None:
    """Write the webhook of a status change (a ``StatusChange``) for the partner the
    application came through, and enqueue its delivery, in the caller's transaction. Nothing
    for applications of other channels, a partner without a webhook endpoint, a suspended
    one, or one whose consent the citizen revoked."""
    if change.case is None and change.status in UNANNOUNCED:
        return None
    partner = receiving_partner(change.application.channel)
    if partner is None:
        return None
    if consent_withdrawn(partner=partner, citizen_id=change.application.citizen_id):
        return None
    event = event_of(change)
    body = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            partner=partner,
            event_type=event["type"],
            body=body,
            application=change.application,
            next_attempt_at=timezone.now(),
        )
        enqueue_attempt(delivery)
    return delivery


def enqueue_attempt(
    delivery: WebhookDelivery, *, run_after: datetime.datetime | None = None
) -> None:
    """The job making the delivery's next attempt (call inside the transaction that made the
    delivery pending). Each job makes exactly the attempt it was enqueued for."""
    from qyzmet.partners.tasks import deliver  # the task module imports the delivery module

    deliver.using(run_after=run_after).enqueue(str(delivery.pk), delivery.attempts + 1)


def withhold_webhooks(*, partner: Partner, citizen: Any, now: datetime.datetime) -> int:
    """The citizen revoked ``partner``'s consent (call in that transaction): the deliveries
    about their applications are withheld, those waiting are not sent, and none shows in the
    partner's log any more. How many."""
    about = WebhookDelivery.objects.filter(
        partner=partner, application__citizen=citizen, withheld_at__isnull=True
    )
    about.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, failed_at=now, next_attempt_at=None, error=WITHHELD
    )
    return about.update(withheld_at=now)


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def retry_delivery(*, partner: Partner, delivery_id: Any) -> WebhookDelivery:
    """The partner asks for a failed delivery again, or one left sending by a worker that
    died: one more attempt, as soon as a worker is free, with the same webhook-id. If it fails,
    the delivery is failed again."""
    pk = _uuid_or_none(delivery_id)
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.select_for_update().filter(
            partner=partner, withheld_at__isnull=True
        )
        delivery = deliveries.filter(pk=pk).first() if pk is not None else None
        if delivery is None:
            raise NotFound("not_found.webhook_delivery")
        stuck = deliveries.filter(abandoned(), pk=delivery.pk, status=DeliveryStatus.SENDING)
        if delivery.status != DeliveryStatus.FAILED and not stuck.exists():
            raise Conflict("webhook.not_failed")
        delivery.status = DeliveryStatus.PENDING
        delivery.failed_at = None
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "failed_at", "next_attempt_at"])
        enqueue_attempt(delivery)
        record_audit(
            actor=None,
            action="webhook.retried",
            obj=delivery,
            channel=partner.channel,
            details={"attempts": delivery.attempts},
        )
    return delivery
