"""The address of the client behind a request: ``REMOTE_ADDR``, or, when the request came
through one of the proxies trusted by ``QYZMET_TRUSTED_PROXIES`` (addresses or networks), the
address those proxies saw in ``X-Forwarded-For``. A header from anybody else is ignored, so a
client cannot choose the address it is counted (and locked out) under."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def trusted_networks() -> tuple[Network, ...]:
    """The networks of ``QYZMET_TRUSTED_PROXIES`` (empty: trust no proxy)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address: walking ``X-Forwarded-For`` from the right, the first hop that is
    not a trusted proxy (a malformed entry stops the walk at the proxy that added it)."""
    address = str(request.META.get("REMOTE_ADDR") or "")
    networks = trusted_networks()
    if not networks:
        return address
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    while _is_trusted(address, networks) and hops:
        hop = hops.pop()
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            break
    return address
