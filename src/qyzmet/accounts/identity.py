"""Identity providers: how citizens prove who they are. The contract, a registry, and the
built-in ``demo`` provider (IIN + a one-time code sent through the notification outbox).

A sign-in has two steps, whatever the provider: ``start`` with what the citizen typed (their
IIN), then ``verify`` with their answer (a code; for other providers a signed token or an
assertion). ``verify`` returns the citizen's account; the channel then opens the session.
Both steps name the ``requester`` (an opaque value the channel keeps for the browser session
or chat that started: the answer counts only there) and the client's ``address`` (behind the
trusted proxies) when there is one.
Real providers (the state's identity service, digital signatures, bank ID) register beside
``demo``; ``settings.IDENTITY_PROVIDER`` chooses the one the portal uses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from qyzmet.accounts.models import User
from qyzmet.accounts.signin import request_code, verify_code
from qyzmet.core.errors import Unavailable
from qyzmet.core.texts import Text


@dataclass(frozen=True)
class SignInStarted:
    """What ``start`` tells the channel: the identifier to carry to ``verify``."""

    identifier: str


class IdentityProvider(ABC):
    """Base class of an identity provider; subclasses set ``name`` and ``title``."""

    name: str = ""
    title: Text = {}

    @abstractmethod
    def start(
        self,
        *,
        identifier: str,
        language: str,
        channel: str,
        requester: str,
        address: str | None = None,
    ) -> SignInStarted:
        """Begin signing in the person ``identifier`` names; raises ``core.errors`` with a
        message code when the identifier is wrong or signing in is refused for now."""

    @abstractmethod
    def verify(
        self,
        *,
        identifier: str,
        response: str,
        language: str,
        channel: str,
        requester: str,
        address: str | None = None,
    ) -> User:
        """The account of the person who answered ``response``; raises when it is wrong."""


class DemoProvider(IdentityProvider):
    """IIN + a 6-digit one-time code, sent through the ``console`` notification channel (the
    server's log and the demo outbox page). For demonstrations and development only."""

    name = "demo"
    title = {
        "kk": "ЖСН және бір реттік код",
        "ru": "ИИН и одноразовый код",
        "en": "IIN and a one-time code",
    }

    def start(
        self,
        *,
        identifier: str,
        language: str,
        channel: str,
        requester: str,
        address: str | None = None,
    ) -> SignInStarted:
        iin = request_code(
            iin=identifier, language=language, channel=channel, requester=requester,
            provider=self.name, address=address,
        )  # fmt: skip
        return SignInStarted(identifier=iin)

    def verify(
        self,
        *,
        identifier: str,
        response: str,
        language: str,
        channel: str,
        requester: str,
        address: str | None = None,
    ) -> User:
        return verify_code(
            iin=identifier, code=response, language=language, channel=channel,
            requester=requester, address=address,
        )  # fmt: skip


class ProviderRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, IdentityProvider] = {}

    def register(self, provider: IdentityProvider) -> IdentityProvider:
        if not provider.name or provider.name in self._providers:
            raise ValueError(f"identity provider name missing or taken: {provider.name!r}")
        self._providers[provider.name] = provider
        return provider

    def __getitem__(self, name: str) -> IdentityProvider:
        return self._providers[name]

    def __contains__(self, name: object) -> bool:
        return name in self._providers

    def __iter__(self) -> Iterator[str]:
        return iter(self._providers)


def default_providers() -> ProviderRegistry:
    registry = ProviderRegistry()
    registry.register(DemoProvider())
    return registry


providers = default_providers()


def identity_provider(registry: ProviderRegistry | None = None) -> IdentityProvider:
    """The provider the portal signs citizens in with (``settings.IDENTITY_PROVIDER``);
    ``Unavailable`` when none is configured (a deployment that has not chosen one yet)."""
    name = settings.IDENTITY_PROVIDER
    if not name:
        raise Unavailable("signin.unavailable")
    return (registry or providers)[name]
