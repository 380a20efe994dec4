"""Notification channels: the contract, a registry, and the built-in ``inbox`` and ``console``.

A channel delivers a notification that is already written and rendered; it returns the status
the notification reached (``sent`` when a gateway accepted it, ``delivered`` when it is there)
and raises when it could not deliver. SMS, e-mail and messenger channels register beside these.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator

from qyzmet.notifications.models import Notification, NotificationStatus

logger = logging.getLogger("qyzmet.notifications.console")


class NotificationChannel(ABC):
    """Base class of a channel; subclasses set ``name`` and implement ``deliver``."""

    name: str = ""

    @abstractmethod
    def deliver(self, notification: Notification) -> NotificationStatus:
        """Deliver the notification; the status it reached, or raise when it could not."""


class InboxChannel(NotificationChannel):
    """The citizen's inbox on the portal: the notification row is the message, so it is
    delivered as soon as it is committed."""

    name = "inbox"

    def deliver(self, notification: Notification) -> NotificationStatus:
        return NotificationStatus.DELIVERED


class ConsoleChannel(NotificationChannel):
    """For development and the demo: writes the message to the log (the server's console)."""

    name = "console"

    def deliver(self, notification: Notification) -> NotificationStatus:
        logger.info(
            "Notification to %s: %s — %s",
            notification.address or notification.recipient_id,
            notification.subject,
            notification.body,
        )
        return NotificationStatus.DELIVERED


class ChannelRegistry:
    def __init__(self) -> None:
        self._channels: dict[str, NotificationChannel] = {}

    def register(self, channel: NotificationChannel) -> NotificationChannel:
        if not channel.name or channel.name in self._channels:
            raise ValueError(f"channel name missing or taken: {channel.name!r}")
        self._channels[channel.name] = channel
        return channel

    def __getitem__(self, name: str) -> NotificationChannel:
        return self._channels[name]

    def __contains__(self, name: object) -> bool:
        return name in self._channels

    def __iter__(self) -> Iterator[str]:
        return iter(self._channels)


def default_channels() -> ChannelRegistry:
    registry = ChannelRegistry()
    registry.register(InboxChannel())
    registry.register(ConsoleChannel())
    return registry


channels = default_channels()
