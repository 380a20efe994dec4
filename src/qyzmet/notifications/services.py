"""The write paths of notifications: write them (``notify``), deliver them in a background job
(``deliver_notification``), and mark inbox messages read (``mark_read``).

``notify`` is called inside the transaction of the change it tells about (a submission, a
decision). It writes the notification rows and their delivery jobs in that transaction (an
outbox): they commit with the change or not at all, and a crash after the commit loses
nothing. A notification whose row is the message (the inbox's) is written delivered, with no
job. A worker delivers each other one; a failed delivery is tried again later, waiting
twice as long each time, and the notification is failed after ``MAX_ATTEMPTS``. Notifications
write no audit records of their own: the change they announce is audited, and the row with
its timestamps is the delivery record.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from qyzmet.core.inserts import Insert, prepare_insert
from qyzmet.core.tasks import Jobs
from qyzmet.core.texts import FALLBACK, LANGUAGES
from qyzmet.jobs.leases import abandoned, holder
from qyzmet.notifications.channels import ChannelRegistry, Undeliverable
from qyzmet.notifications.channels import channels as default_channels
from qyzmet.notifications.kinds import KINDS, render_message
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.sms import without_codes

logger = logging.getLogger(__name__)

INBOX = ("inbox",)
TIMESTAMP_OF = {
    NotificationStatus.SENT: "sent_at",
    NotificationStatus.DELIVERED: "delivered_at",
    NotificationStatus.FAILED: "failed_at",
}
MAX_ATTEMPTS = 5
FIRST_RETRY = datetime.timedelta(seconds=30)  # then 1, 2 and 4 minutes
PRIORITY = {"signin.code": 50}  # someone is waiting for it on the sign-in page


def _language(recipient: Any, language: str | None) -> str:
    chosen = language or getattr(recipient, "language", None) or FALLBACK
    return chosen if chosen in LANGUAGES else FALLBACK


def citizen_channels(recipient: Any, *, outbox: Outbox | None = None) -> list[str]:
    """Where news of a citizen's applications goes: the inbox, and every other channel that
    reaches them (a linked messenger chat). The one place that chooses; asked once per
    recipient for the notifications gathered in one ``outbox``."""
    if outbox is None:
        return default_channels.reaching(recipient)
    if recipient.pk not in outbox.reaching:
        outbox.reaching[recipient.pk] = default_channels.reaching(recipient)
    return outbox.reaching[recipient.pk]


@dataclass
class Outbox:
    """The notifications of one change (a submission), gathered as ``notify`` makes them,
    prepared (``prepare``) and written before its transaction ends: one INSERT of
    notifications, then the job delivering each that is not delivered when written (the
    inbox's is) added to the change's jobs (``deliver``; enqueued by the caller, in the same
    transaction). The channels reaching a
    recipient are asked once (``citizen_channels``), and the principal of an application made
    under a mandate (``events.principal_of``)."""

    notifications: list[Notification] = field(default_factory=list)
    reaching: dict[Any, list[str]] = field(default_factory=dict)
    principals: dict[Any, Any] = field(default_factory=dict)  # events.principal_of, asked once

    def prepare(self) -> Insert[Notification]:
        """What was gathered, prepared for its INSERT (written by its ``write``, then given to
        ``deliver``): for a change that makes its rows before it writes any."""
        made, self.notifications = self.notifications, []
        return prepare_insert(made)

    @staticmethod
    def deliver(written: list[Notification], *, jobs: Jobs) -> list[Notification]:
        """Add the jobs delivering those of ``written`` still queued to ``jobs``."""
        for notification in written:
            if notification.status == NotificationStatus.QUEUED:
                jobs.add(_delivery(notification), notification.pk)
        return written


def notify(
    *,
    kind: str,
    context: dict[str, Any],
    recipient: Any | None = None,
    address: str = "",
    channels: Sequence[str] = INBOX,
    language: str | None = None,
    application: Any | None = None,
    case: Any | None = None,
    offer: Any | None = None,
    outbox: Outbox | None = None,
) -> list[Notification]:
    """Write one ``kind`` notification per channel for ``recipient`` (a user) or ``address``
    (someone without an account yet), rendered in the recipient's language, and enqueue the
    job delivering each in the same transaction, but an inbox message, written delivered
    (``outbox``: gathered there, written with the change's other notifications by its
    ``write``, so they have no id until then)."""
    unknown = [name for name in channels if name not in default_channels]
    if unknown or (recipient is None and not address):
        raise ValueError(f"notify: unknown channels {unknown} or no recipient")
    language = _language(recipient, language)
    subject, body = render_message(kind=kind, context=context, language=language)
    batch, now = uuid.uuid4(), timezone.now()
    notifications = [
        Notification(
            created_at=now,
            **_written_delivered(name, now),
            recipient=recipient,
            address=_address(recipient, name, address),
            batch=batch,
            channel=name,
            kind=kind,
            language=language,
            subject=subject[:255],
            body=body,
            context=None if KINDS[kind].carries_code else context,
            application=application,
            case=case,
            offer=offer,
        )
        for name in channels
    ]
    if outbox is not None:
        outbox.notifications += notifications
        return notifications
    # in the caller's transaction as it is (no savepoint: a failure here fails the change);
    # alone, in a transaction of their own
    with transaction.atomic(savepoint=False):
        for notification in notifications:
            notification.save(force_insert=True)
            if notification.status == NotificationStatus.QUEUED:
                _enqueue_delivery(notification)
    return notifications


def _written_delivered(channel: str, now: datetime.datetime) -> dict[str, Any]:
    """The fields of a notification written on ``channel``: delivered already when its row is
    the message (``delivered_when_written``: the inbox), else queued for a worker."""
    if not default_channels[channel].delivered_when_written:
        return {}
    return {"status": NotificationStatus.DELIVERED, "sent_at": now, "delivered_at": now}


def _address(recipient: Any, channel: str, address: str) -> str:
    """Where the message goes on an external channel: ``address`` when one is given (a code
    goes to the number the state holds), else the address the recipient gave for it (a
    snapshot, so a later change does not redirect a message already written)."""
    if recipient is not None and default_channels[channel].external and not address:
        return default_channels[channel].address_of(recipient)
    return address


def _delivery(notification: Notification, *, run_after: datetime.datetime | None = None) -> Any:
    """The task delivering ``notification`` (its priority by kind), to enqueue with its id."""
    from qyzmet.notifications.tasks import deliver  # the task module imports this one

    return deliver.using(priority=PRIORITY.get(notification.kind, 0), run_after=run_after)


def _enqueue_delivery(
    notification: Notification, *, run_after: datetime.datetime | None = None
) -> None:
    _delivery(notification, run_after=run_after).enqueue(notification.pk)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failed delivery: 30 s, then twice as long."""
    return FIRST_RETRY * 2 ** (attempts - 1)


def deliver_notification(
    *, notification_id: int, registry: ChannelRegistry | None = None
) -> Notification | None:
    """Hand a queued notification to its channel and record what happened. Only one caller
    takes a notification (queued → sending), so a job run twice delivers once; a notification
    that is not queued (delivered, being sent by a live worker, failed or purged) is left
    alone. One left sending by a worker that died is taken again: its channel gets it a second
    time under the same id (an SMS's reference), at most."""
    registry = registry or default_channels
    takeable = Q(status=NotificationStatus.QUEUED) | (
        Q(status=NotificationStatus.SENDING) & abandoned()
    )
    taken = Notification.objects.filter(takeable, pk=notification_id).update(
        status=NotificationStatus.SENDING,
        attempts=F("attempts") + 1,
        claimed_by=holder(),
        claimed_at=timezone.now(),
    )
    if not taken:
        return None
    notification = Notification.objects.get(pk=notification_id)
    try:
        status = registry[notification.channel].deliver(notification)
    except Exception as error:
        return _delivery_failed(notification, error)
    now = timezone.now()
    changes: dict[str, Any] = {"status": status, TIMESTAMP_OF[status]: now}
    if status == NotificationStatus.DELIVERED:
        changes.setdefault("sent_at", now)
    return _record(notification, changes)


def _worth_retrying(notification: Notification, error: Exception, now: Any) -> bool:
    """Whether to try again: not after ``MAX_ATTEMPTS``, nor when the channel will never
    deliver it, nor once a message's ``lifetime`` (a code's) would have passed."""
    if notification.attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable):
        return False
    lifetime = KINDS[notification.kind].lifetime
    retry_at = now + retry_delay(notification.attempts)
    return lifetime is None or retry_at < notification.created_at + lifetime


def _delivery_failed(notification: Notification, error: Exception) -> Notification:
    """Try again later, or give up (``_worth_retrying``)."""
    now = timezone.now()
    if not _worth_retrying(notification, error, now):
        logger.exception("Delivery of notification %s failed for good", notification.pk)
        with transaction.atomic():
            changes = {"status": NotificationStatus.FAILED, "failed_at": now, "error": repr(error)}
            if KINDS[notification.kind].carries_code:  # never sent: kept masked all the same
                changes["body"] = without_codes(notification.body)
            failed = _record(notification, changes)
            if not KINDS[failed.kind].carries_code:  # a code is bound to where it went
                fall_back(failed)
        return failed
    logger.warning(
        "Delivery of notification %s failed (attempt %s), trying again later",
        notification.pk, notification.attempts, exc_info=True,
    )  # fmt: skip
    with transaction.atomic():
        _record(notification, {"status": NotificationStatus.QUEUED, "error": repr(error)})
        _enqueue_delivery(notification, run_after=now + retry_delay(notification.attempts))
    return notification


def fall_back(failed: Notification) -> Notification | None:
    """Send a message that failed for good on one external channel through the next one the
    recipient can be reached on, once per channel and message."""
    from qyzmet.notifications.preferences import fallback_for

    tried = set(Notification.objects.filter(batch=failed.batch).values_list("channel", flat=True))
    recipient = failed.recipient
    channel = fallback_for(recipient, failed=failed.channel, tried=tried | {failed.channel})
    if channel is None:
        return None
    stand_in = Notification.objects.create(
        recipient=recipient,
        address=_address(recipient, channel, ""),
        batch=failed.batch,
        fallback_of=failed,
        channel=channel,
        kind=failed.kind,
        language=failed.language,
        subject=failed.subject,
        body=failed.body,
        context=failed.context,
        application_id=failed.application_id,
        case_id=failed.case_id,
        offer_id=failed.offer_id,
    )
    _enqueue_delivery(stand_in)
    return stand_in


def _record(notification: Notification, changes: dict[str, Any]) -> Notification:
    Notification.objects.filter(pk=notification.pk, status=NotificationStatus.SENDING).update(
        **changes
    )
    for name, value in changes.items():
        setattr(notification, name, value)
    return notification


def mark_read(*, recipient: Any, notifications: Iterable[Notification]) -> int:
    """Mark the recipient's own inbox notifications read; returns how many were unread."""
    ids = [n.pk for n in notifications]
    return Notification.objects.filter(
        pk__in=ids, recipient=recipient, read_at__isnull=True
    ).update(read_at=timezone.now())
