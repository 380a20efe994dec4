"""The address of the client behind a request, for limits per address.

It is ``REMOTE_ADDR``, the other end of the connection, unless that is one of the trusted
proxies (``settings.TRUSTED_PROXIES``: the load balancers in front of qyzmet). Then it is read
from ``X-Forwarded-For`` as those proxies wrote it: from the right, the first address that is
not a trusted proxy. Each proxy appends the address it saw, so a client cannot choose its
address by sending the header itself, whether it comes through the balancer or around it.
python-ipware reads the header (ports, IPv6 in brackets, IPv4-mapped addresses, RFC 7239
elements); an address it cannot read is skipped.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from python_ipware.modern.parsers import parse_ip, split_proxy_chain

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=4)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it; ``""`` when there is none."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    connected = parse_ip(remote)
    if connected is None:
        return ""  # a Unix socket, or nothing an address can be read from
    if not _trusted(connected, networks):
        return str(connected)
    chain = split_proxy_chain(str(request.META.get("HTTP_X_FORWARDED_FOR") or "")) or []
    for hop in reversed(chain):
        if not _trusted(hop, networks):
            return str(hop)
    return str(chain[0]) if chain else str(connected)
