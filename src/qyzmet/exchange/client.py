"""The asking side of the exchange: the one way the platform reads registry data.

``request_registry_data`` names the client (agency and system), the subject, the fields and the
purpose; it sends one signed request per registry the fields belong to, through the transport
configured for that registry, checks each signed answer, and returns the values granted. A
refusal raises ``ExchangeRefused`` (HTTP 403), a registry that does not answer
``RegistryUnavailable`` (HTTP 503).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from qyzmet.core.errors import DomainError, Forbidden
from qyzmet.exchange.messages import (
    Client,
    ExchangeRequest,
    ExchangeResponse,
    MalformedMessage,
    Purpose,
)
from qyzmet.exchange.provider import registry_owner
from qyzmet.exchange.signing import Untrusted, seal, unseal
from qyzmet.exchange.transports import ProviderUnavailable, transport_for
from qyzmet.registries.fields import FIELDS

logger = logging.getLogger("qyzmet.exchange")


class ExchangeRefused(Forbidden):
    def __init__(self, *, registry: str, refusal: str, reason: str) -> None:
        super().__init__("exchange.refused", {"code": refusal})
        self.registry = registry
        self.refusal = refusal
        self.reason = reason


class RegistryUnavailable(DomainError):
    kind = "unavailable"

    def __init__(self, registry: str) -> None:
        super().__init__("exchange.unavailable", None)
        self.registry = registry


def platform_client(system: str) -> Client:
    """The platform's own systems (sign-in, offers...) ask as the platform agency."""
    return Client(agency=settings.EXCHANGE_PLATFORM_AGENCY, system=system)


def legal_basis(code: str) -> Purpose:
    return Purpose(kind="legal_basis", ref=code)


def _ask(request: ExchangeRequest) -> dict[str, Any]:
    token = seal(request.claims(), agency=request.client.agency)
    try:
        answer = transport_for(request.registry).send(token)
        response = ExchangeResponse.from_claims(unseal(answer, audience=request.client.agency))
    except (ProviderUnavailable, Untrusted, MalformedMessage) as error:
        logger.error("no answer from the %s registry: %s", request.registry, error)
        raise RegistryUnavailable(request.registry) from None
    if response.provider != request.provider or response.in_reply_to != request.message_id:
        logger.error("the %s registry answered another request", request.registry)
        raise RegistryUnavailable(request.registry)
    if not response.granted:
        raise ExchangeRefused(
            registry=request.registry, refusal=response.refusal, reason=response.reason
        )
    return {path: response.data[path] for path in request.fields if path in response.data}


def request_registry_data(
    *, client: Client, subject: str, fields: Iterable[str], purpose: Purpose
) -> dict[str, Any]:
    """The values of ``fields`` (of one entity: a person, a building...) about ``subject``, as
    the registries grant them to ``client`` for ``purpose``; an empty dict when the registries
    do not know the subject. Unknown field paths raise ``KeyError``."""
    by_registry: dict[str, list[str]] = {}
    for path in dict.fromkeys(fields):
        by_registry.setdefault(FIELDS[path].registry, []).append(path)
    data: dict[str, Any] = {}
    for registry, paths in by_registry.items():
        provider = registry_owner(registry)
        if provider is None:
            logger.error("no agency holds the %s registry (catalog/agencies.yaml)", registry)
            raise RegistryUnavailable(registry)
        request = ExchangeRequest(
            client=client, provider=provider, registry=registry, subject=subject,
            fields=tuple(paths), purpose=purpose,
        )  # fmt: skip
        data.update(_ask(request))
    return data
