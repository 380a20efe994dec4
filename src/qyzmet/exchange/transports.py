"""How a signed request reaches the registry that answers it: in this process (the default) or
over HTTPS (mutual TLS, ``tls.py``; plain HTTP in the demo) to the agency's own
``qyzmet registry serve``. Both carry the same signed messages; ``QYZMET_EXCHANGE_PROVIDERS``
says which registries are served where."""

from __future__ import annotations

import ssl
from abc import ABC, abstractmethod
from functools import cache

import httpx
from django.conf import settings

from qyzmet.core.request_ids import HEADER as REQUEST_ID_HEADER
from qyzmet.core.request_ids import NO_REQUEST, current_request_id
from qyzmet.exchange.signing import MEDIA_TYPE
from qyzmet.exchange.tls import TlsMisconfigured, client_context

PATH = "/exchange/v1/messages"


class ProviderUnavailable(Exception):
    """The registry's server could not be reached or did not answer with a signed message."""


class Transport(ABC):
    """The contract: hand over a signed request, get back the signed response."""

    @abstractmethod
    def send(self, token: str) -> str:
        """The provider's signed response to the signed request ``token``."""


class InProcess(Transport):
    def send(self, token: str) -> str:
        from qyzmet.exchange.provider import answer_request  # the provider side imports this

        return answer_request(token=token, in_process=True).token


class OverHttp(Transport):
    def __init__(
        self, base_url: str, *, timeout: float, verify: ssl.SSLContext | bool = True
    ) -> None:
        """``verify``: for https, the TLS context that trusts the registry server and shows this
        platform's client certificate (``tls.client_context``)."""
        self.url = base_url.rstrip("/") + PATH
        self.client = httpx.Client(timeout=timeout, headers={"Accept": MEDIA_TYPE}, verify=verify)

    def send(self, token: str) -> str:
        try:
            headers = {"Content-Type": MEDIA_TYPE}
            if (request_id := current_request_id()) != NO_REQUEST:
                headers[REQUEST_ID_HEADER] = request_id  # the registry's logs name our request
            response = self.client.post(self.url, content=token.encode(), headers=headers)
        except httpx.HTTPError as error:
            raise ProviderUnavailable(f"{self.url}: {error}") from None
        # 200 granted, 403 refused: both are signed answers; anything else is not an answer.
        if response.status_code not in (200, 403) or MEDIA_TYPE not in response.headers.get(
            "Content-Type", ""
        ):
            raise ProviderUnavailable(f"{self.url} answered {response.status_code}")
        return response.text


@cache
def _over_http(url: str) -> OverHttp:
    try:
        verify = client_context() if url.lower().startswith("https://") else True
    except (TlsMisconfigured, OSError) as error:  # ssl.SSLError is an OSError
        raise ProviderUnavailable(f"{url}: {error}") from None
    return OverHttp(url, timeout=settings.EXCHANGE_TIMEOUT_SECONDS, verify=verify)


def transport_for(registry: str) -> Transport:
    url = settings.EXCHANGE_PROVIDERS.get(registry)
    return _over_http(url) if url else InProcess()
