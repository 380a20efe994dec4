"""Identity providers: how people prove who they are. The contract, a registry, and the
built-in ``demo`` provider (IIN + a one-time code sent through the notification outbox); the
``sms`` provider (``sms_provider.py``) sends the code by SMS to the registry's number.

Providers come in three kinds, by what the person does:

- ``code`` (:class:`CodeProvider`): ``start`` with what the person typed (their IIN), then
  ``verify`` with their answer (a one-time code): ``demo``, ``sms``. The messenger links chats
  through the first code provider that is on.
- ``redirect`` (:class:`RedirectProvider`): ``begin`` sends the browser to the provider,
  ``complete`` reads its answer at the callback: OpenID Connect (``oidc``).
- ``signature`` (:class:`SignatureProvider`): ``challenge`` gives what to sign, ``verify``
  checks the signed answer: a digital signature (``eds``).

Each returns the person's account (``accounts.signin.sign_in_person`` makes it from the
population registry). A redirect or signature provider implements only ``prove``: whom it
identified, *without* signing them in (a :class:`ProvenIdentity`); the citizen's ``complete``
and ``verify`` are ``sign_in_person`` on top of it, and the back office signs officers in on
top of it too (``accounts.officer_identity``).

Steps name the ``requester`` (an opaque value the channel keeps for the browser session or
chat that started: the answer counts only there) or keep their values in ``state`` (a mapping
the channel stores in the browser's session), and the client's ``address`` (behind the
trusted proxies) when there is one. ``settings.IDENTITY_PROVIDERS``
names the providers that are on, in the order the sign-in page shows them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from qyzmet.accounts.models import User
from qyzmet.accounts.signin import request_code, sign_in_person, verify_code
from qyzmet.core.errors import Unavailable
from qyzmet.core.texts import Text


@dataclass(frozen=True)
class ProvenIdentity:
    """Whom a provider has just proved, before anyone is signed in: the person's IIN and, when
    a company certificate proved it, the company it names (``bin``, the holder's ``role``
    there, the ``holder``'s name)."""

    provider: str
    iin: str
    company: Mapping[str, str] | None = None


COMPANY = "signed_in_company"


def company_of(user: User) -> dict[str, str] | None:
    """The company a company certificate named when ``user`` signed in with it just now."""
    company = getattr(user, COMPANY, None)
    return dict(company) if company else None


def _signed_in(proven: ProvenIdentity, *, language: str, channel: str, address: str | None) -> User:
    user = sign_in_person(
        iin=proven.iin, provider=proven.provider, language=language, channel=channel,
        address=address,
    )  # fmt: skip
    if proven.company:
        setattr(user, COMPANY, dict(proven.company))  # a transient fact, not a field
    return user


@dataclass(frozen=True)
class SignInStarted:
    """What ``start`` tells the channel: the identifier to carry to ``verify``."""

    identifier: str


class IdentityProvider(ABC):  # noqa: B024  # the kinds below declare the steps
    """Base class of every identity provider; subclasses set ``name``, ``title`` (what the
    sign-in page calls it, kk/ru/en) and ``kind``."""

    name: str = ""
    title: Text = {}
    kind: ClassVar[str] = ""

    @property
    def proves_identity(self) -> bool:
        """Whether the provider can ``prove`` whom it identified without signing them in as a
        citizen: only such providers sign officers in to the back office."""
        return False


class CodeProvider(IdentityProvider):
    """The person types their IIN and then a one-time code sent to them; ``delivery`` says
    where the code goes, for the pages that explain it: ``outbox`` (the demo's) or ``sms``
    (the number the population registry holds)."""

    kind = "code"
    delivery: ClassVar[str] = "outbox"

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


class RedirectProvider(IdentityProvider):
    """The browser goes to the provider and comes back to ``callback_url`` with its answer."""

    kind = "redirect"

    @abstractmethod
    def begin(self, *, state: MutableMapping[str, Any], callback_url: str, language: str) -> str:
        """The provider's address to send the browser to; what the answer must match (state,
        nonce, PKCE verifier) is kept in ``state``, which the channel stores in the session."""

    @abstractmethod
    def prove(
        self, *, state: Mapping[str, Any], query: Mapping[str, str], callback_url: str
    ) -> ProvenIdentity:
        """Whom the provider's answer (the callback's ``query``) proves, signing nobody in
        (the back office signs officers in on top of it); raises ``core.errors`` when the
        answer is refused, an error, or does not match."""

    def complete(
        self,
        *,
        state: Mapping[str, Any],
        query: Mapping[str, str],
        callback_url: str,
        language: str,
        channel: str,
        address: str | None = None,
    ) -> User:
        """The citizen's account of the person the provider's answer proves, signed in."""
        proven = self.prove(state=state, query=query, callback_url=callback_url)
        return _signed_in(proven, language=language, channel=channel, address=address)

    @property
    def proves_identity(self) -> bool:
        return True


class SignatureProvider(IdentityProvider):
    """The person signs a challenge the server made with their certificate."""

    kind = "signature"

    @abstractmethod
    def challenge(self, *, state: MutableMapping[str, Any], language: str) -> str:
        """What to sign (kept in ``state`` until ``verify``, used once)."""

    @abstractmethod
    def prove(
        self, *, state: Mapping[str, Any], signed: str, channel: str, address: str | None = None
    ) -> ProvenIdentity:
        """Whom ``signed`` proves when it is the challenge signed with a valid certificate
        (the challenge spent), signing nobody in (the back office signs officers in on top of
        it); raises ``core.errors`` naming why not."""

    def verify(
        self,
        *,
        state: Mapping[str, Any],
        signed: str,
        language: str,
        channel: str,
        address: str | None = None,
    ) -> User:
        """The citizen's account of the certificate's holder, signed in; a company
        certificate's company is on it for the channel to keep (:func:`company_of`)."""
        proven = self.prove(state=state, signed=signed, channel=channel, address=address)
        return _signed_in(proven, language=language, channel=channel, address=address)

    @property
    def proves_identity(self) -> bool:
        return True


class OneTimeCodeProvider(CodeProvider):
    """IIN + a 6-digit one-time code (``accounts.signin``), sent on the notification channel
    ``code_channel`` names: the same limits, lockouts, equal work and answers for every
    provider of this kind."""

    code_channel: ClassVar[str] = "console"

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
            provider=self.name, code_channel=self.code_channel, address=address,
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


class DemoProvider(OneTimeCodeProvider):
    """IIN + a 6-digit one-time code, sent through the ``console`` notification channel (the
    server's log and the demo outbox page). For demonstrations and development only."""

    name = "demo"
    title = {
        "kk": "ЖСН және бір реттік код",
        "ru": "ИИН и одноразовый код",
        "en": "IIN and a one-time code",
    }


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
    from qyzmet.accounts.eds import EdsProvider  # they build on the kinds above
    from qyzmet.accounts.oidc import OidcProvider
    from qyzmet.accounts.sms_provider import SmsProvider

    registry = ProviderRegistry()
    registry.register(DemoProvider())
    registry.register(SmsProvider())
    registry.register(EdsProvider())
    registry.register(OidcProvider())
    return registry


providers = default_providers()


def enabled_providers(registry: ProviderRegistry | None = None) -> list[IdentityProvider]:
    """The providers ``settings.IDENTITY_PROVIDERS`` turns on, in its order (unknown names
    stop the server at start-up, ``qyzmet.E006``, and are skipped here)."""
    registry = registry or providers
    return [registry[name] for name in settings.IDENTITY_PROVIDERS if name in registry]


def enabled_provider(name: str, registry: ProviderRegistry | None = None) -> IdentityProvider:
    """The provider ``name`` if it is on; ``Unavailable`` if it is not (or unknown)."""
    for provider in enabled_providers(registry):
        if provider.name == name:
            return provider
    raise Unavailable("signin.unavailable")


def code_provider(registry: ProviderRegistry | None = None) -> CodeProvider:
    """The first code provider that is on (the messenger links chats with it, the portal's
    IIN form uses it); ``Unavailable`` when none is (a deployment without one)."""
    for provider in enabled_providers(registry):
        if isinstance(provider, CodeProvider):
            return provider
    raise Unavailable("signin.unavailable")


@register(Tags.security)
def providers_known(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``qyzmet.E006``: ``QYZMET_IDENTITY_PROVIDERS`` names a provider nobody registered (a
    typo would otherwise leave citizens without the way in the operator meant to offer)."""
    unknown = [name for name in settings.IDENTITY_PROVIDERS if name not in providers]
    if not unknown:
        return []
    return [
        Error(
            f"QYZMET_IDENTITY_PROVIDERS names {', '.join(unknown)}, which no identity provider "
            "is called.",
            hint=f"Known providers: {', '.join(providers)}.",
            id="qyzmet.E006",
        )
    ]
