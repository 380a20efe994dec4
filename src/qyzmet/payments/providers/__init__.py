"""Payment providers: the contract every provider fulfils, and a registry of them by name.

A provider starts a payment (a checkout page to send the citizen to), says a payment's status
when the citizen returns, turns its webhook into an event (verifying its signature), refunds,
and lists a day's payments for reconciliation. The built-in ``sandbox`` is registered here;
a real acquirer is one more class registered beside it.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.conf import settings

from qyzmet.core.errors import Unavailable


class ProviderStatus:
    OPEN = "open"  # not decided yet (the citizen is on the page, or a code is awaited)
    SUCCEEDED = "succeeded"
    DECLINED = "declined"


@dataclass(frozen=True)
class Checkout:
    reference: str
    url: str


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider's records have it."""

    reference: str
    merchant_reference: str
    amount_tiyn: int
    status: str  # ProviderStatus
    refunded_tiyn: int = 0


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook: which event (once), about which payment."""

    event_id: str
    payment: ProviderPayment


class WebhookRefused(Exception):
    """The webhook is not the provider's (signature), or too old (a replay), or unreadable."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class RefundFailed(Exception):
    pass


class PaymentProvider(ABC):
    name: str = ""
    demo_only = False  # marks fees paid without money: taken only where QYZMET_DEMO is on

    @abstractmethod
    def start(
        self, *, merchant_reference: str, amount_tiyn: int, description: str, return_url: str,
        webhook_url: str,
    ) -> Checkout:  # fmt: skip
        """Open a payment at the provider; where to send the citizen to pay."""

    @abstractmethod
    def status(self, *, reference: str) -> ProviderPayment:
        """The payment as the provider has it now (asked when the citizen returns)."""

    @abstractmethod
    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """The event of a webhook whose signature holds; ``WebhookRefused`` otherwise."""

    @abstractmethod
    def refund(self, *, reference: str, amount_tiyn: int, key: str) -> str:
        """Give back ``amount_tiyn`` of a paid payment, once per ``key``; the refund's
        reference at the provider. ``RefundFailed`` when the provider refuses."""

    @abstractmethod
    def records(self, *, day: datetime.date) -> list[ProviderPayment]:
        """The payments the provider opened on ``day``, for reconciliation."""


class ProviderRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, PaymentProvider] = {}

    def register(self, provider: PaymentProvider) -> PaymentProvider:
        if not provider.name or provider.name in self._providers:
            raise ValueError(f"provider name missing or taken: {provider.name!r}")
        self._providers[provider.name] = provider
        return provider

    def __getitem__(self, name: str) -> PaymentProvider:
        return self._providers[name]

    def __contains__(self, name: object) -> bool:
        """Whether ``name`` is a provider this deployment may take payments from (a demo-only
        provider is one only in a demo)."""
        found = self._providers.get(name) if isinstance(name, str) else None
        return found is not None and (settings.DEMO or not found.demo_only)

    def __iter__(self) -> Iterator[str]:
        return iter(self._providers)


def default_providers() -> ProviderRegistry:
    from qyzmet.payments.providers.sandbox import SandboxProvider

    registry = ProviderRegistry()
    registry.register(SandboxProvider())
    return registry


providers = default_providers()


def current_provider() -> PaymentProvider:
    """The provider citizens pay through (``QYZMET_PAYMENT_PROVIDER``); ``Unavailable`` when
    none is configured (fees cannot be paid online)."""
    if not settings.PAYMENT_PROVIDER:
        raise Unavailable("payment.unavailable")
    return providers[settings.PAYMENT_PROVIDER]
