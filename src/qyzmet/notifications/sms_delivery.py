"""Text messages through the SMS gateway: hand a notification to it (``send_sms``, what the
``sms`` channel's delivery does) and take the gateway's delivery reports
(``receive_delivery_report``). ``SmsMessage`` is the delivery record of each: accepted, then
delivered or failed (with the gateway's reason).

A message gets its reference (qyzmet's id, the gateway's idempotency key) before it is handed
over, committed, so a retry after a lost answer sends the same reference and the gateway does
not send the text twice. A report is applied once: a message that is delivered or failed stays
so, and a repeated report changes nothing. A report may come before the worker has recorded
the gateway's answer; it is applied all the same. Texts carrying a one-time code are masked
in the notification as soon as the gateway has them; ``SmsMessage`` keeps no text at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qyzmet.core.errors import Forbidden, Invalid, NotFound
from qyzmet.core.pseudonyms import masked
from qyzmet.notifications.kinds import KINDS
from qyzmet.notifications.models import (
    Notification,
    NotificationStatus,
    SmsMessage,
    SmsStatus,
)
from qyzmet.notifications.sms import (
    GatewayRegistry,
    MessageRefused,
    ReportRefused,
    gateways,
    sms_gateway,
    without_codes,
)

FINAL = (SmsStatus.DELIVERED, SmsStatus.FAILED)
NOTIFICATION_STATUS = {
    SmsStatus.ACCEPTED: NotificationStatus.SENT,
    SmsStatus.DELIVERED: NotificationStatus.DELIVERED,
    SmsStatus.FAILED: NotificationStatus.FAILED,
}


def report_url(gateway: str) -> str:
    """Where the gateway ``gateway`` posts its delivery reports."""
    base = (settings.SMS_CALLBACK_BASE_URL or settings.PUBLIC_URL).rstrip("/")
    return base + reverse("sms-delivery-report", args=[gateway])


def _forget_code(notification: Notification) -> None:
    """Mask the code in the stored text of a message carrying one, now that it is sent."""
    if KINDS[notification.kind].carries_code and notification.channel != "console":
        Notification.objects.filter(pk=notification.pk).update(
            body=without_codes(notification.body)
        )


def send_sms(*, notification: Notification, registry: GatewayRegistry | None = None) -> SmsMessage:
    """Hand ``notification`` to the configured gateway; its delivery record, ``accepted`` (a
    report will follow), ``delivered`` (a gateway that delivers at once, or a report that
    came first) or ``failed`` (refused for good). Raises when the gateway could not take it
    now (the delivery job tries again)."""
    gateway = sms_gateway(registry)
    message, _ = SmsMessage.objects.get_or_create(
        notification=notification,
        defaults={
            "kind": notification.kind,
            "gateway": gateway.name,
            "phone_masked": masked(notification.address),
        },
    )
    try:
        accepted = gateway.send(
            to=notification.address,
            text=notification.body,
            reference=str(message.reference),
            callback_url=report_url(gateway.name) if gateway.reports else "",
        )
    except MessageRefused as refused:
        _settle(message, SmsStatus.FAILED, reason=str(refused)[:200])
        _forget_code(notification)
        raise
    now = timezone.now()
    status = SmsStatus.DELIVERED if accepted.status == SmsStatus.DELIVERED else SmsStatus.ACCEPTED
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().get(pk=message.pk)
        message.gateway_message_id = message.gateway_message_id or accepted.message_id
        message.accepted_at = message.accepted_at or now
        if message.status not in FINAL:
            _change(message, status, now=now)
        message.save()
    _forget_code(notification)
    return message


def _change(message: SmsMessage, status: str, *, now: Any, reason: str = "") -> None:
    message.status = status
    if status == SmsStatus.DELIVERED:
        message.delivered_at = now
    elif status == SmsStatus.FAILED:
        message.failed_at, message.reason = now, reason


def _settle(message: SmsMessage, status: str, *, reason: str = "") -> None:
    SmsMessage.objects.filter(pk=message.pk).exclude(status__in=FINAL).update(
        status=status,
        reason=reason,
        **{"delivered_at" if status == SmsStatus.DELIVERED else "failed_at": timezone.now()},
    )
    message.refresh_from_db()


def receive_delivery_report(*, gateway: str, body: bytes, headers: Mapping[str, str]) -> SmsMessage:
    """Apply a delivery report the gateway ``gateway`` posted: the message's record (and its
    notification) becomes delivered or failed, once. ``NotFound`` for an unknown gateway or
    message, ``Forbidden`` for a report that is not the gateway's or is too old (a replay),
    ``Invalid`` for one that cannot be read."""
    if gateway not in gateways:
        raise NotFound("sms.unknown_gateway")
    try:
        report = gateways[gateway].parse_report(body=body, headers=headers)
    except ReportRefused as refused:
        raise (Invalid if refused.code == "sms.report_malformed" else Forbidden)(
            refused.code
        ) from None
    now = timezone.now()
    with transaction.atomic():
        message = (
            SmsMessage.objects.select_for_update()
            .filter(reference=report.reference, gateway=gateway)
            .select_related("notification")
            .first()
        )
        known = message is not None and (
            not message.gateway_message_id
            or not report.message_id
            or message.gateway_message_id == report.message_id
        )
        if message is None or not known:
            raise NotFound("sms.unknown_message")
        message.reports += 1
        message.gateway_message_id = message.gateway_message_id or report.message_id
        if message.status not in FINAL:  # the first final report counts; repeats change nothing
            _change(message, report.status, now=now, reason=report.reason)
            if message.notification is not None:
                _follow(message.notification, message)
        message.save()
    return message


def _follow(notification: Notification, message: SmsMessage) -> None:
    """The notification takes the status its text message reached; one that failed falls back
    to another channel when it carries no code."""
    status = NOTIFICATION_STATUS[SmsStatus(message.status)]
    timestamp = "delivered_at" if status == NotificationStatus.DELIVERED else "failed_at"
    changes: dict[str, Any] = {"status": status, timestamp: timezone.now()}
    if status == NotificationStatus.FAILED:
        changes["error"] = f"delivery report: {message.reason or 'failed'}"
    moved = Notification.objects.filter(
        pk=notification.pk,
        status__in=[NotificationStatus.SENDING, NotificationStatus.SENT],
    ).update(**changes)
    if moved and status == NotificationStatus.FAILED and not KINDS[notification.kind].carries_code:
        from qyzmet.notifications.services import fall_back

        notification.refresh_from_db()
        fall_back(notification)
