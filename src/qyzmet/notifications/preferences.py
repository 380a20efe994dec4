"""Which channels a notification goes through, and where a failed one falls back to.

Every notification about an application reaches the portal inbox; the external channels the
citizen chose (``notification_channels`` on their account, in their order) are added when the
citizen gave an address for them. A message that fails for good on one external channel is
sent through the next one the citizen can be reached on (SMS → e-mail → ...)."""

from __future__ import annotations

from typing import Any

from qyzmet.notifications.channels import ChannelRegistry
from qyzmet.notifications.channels import channels as default_channels

ALWAYS = "inbox"
FALLBACK_ORDER = ("sms", "email", "messenger")


def reachable(recipient: Any, name: str, registry: ChannelRegistry | None = None) -> str:
    """The address of ``recipient`` on channel ``name``; ``""`` when it cannot reach them."""
    registry = registry or default_channels
    return registry[name].address_of(recipient) if name in registry else ""


def channels_for(recipient: Any, registry: ChannelRegistry | None = None) -> list[str]:
    """The inbox, then the external channels the recipient chose and can be reached on."""
    chosen = getattr(recipient, "notification_channels", None) or []
    return [ALWAYS, *[n for n in chosen if n != ALWAYS and reachable(recipient, n, registry)]]


def fallback_for(
    recipient: Any, *, failed: str, tried: set[str], registry: ChannelRegistry | None = None
) -> str | None:
    """The next external channel after ``failed`` that reaches the recipient and was not
    tried for this message; ``None`` when there is none."""
    if recipient is None or failed not in FALLBACK_ORDER:
        return None
    chosen = list(getattr(recipient, "notification_channels", None) or [])
    order = [*chosen, *FALLBACK_ORDER]
    for name in order:
        if name in FALLBACK_ORDER and name not in tried and reachable(recipient, name, registry):
            return name
    return None
