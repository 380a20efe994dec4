"""The client's address: the connection's, unless it came through a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from qyzmet.core.clients import client_address


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("192.0.2.1", "203.0.113.5")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),  # one proxy
        ("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),  # a forged first hop
        ("10.0.0.2", "", "10.0.0.2"),  # nothing forwarded: the proxy itself
        ("10.0.0.2", "not-an-address", "10.0.0.2"),  # a malformed hop stops the walk
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),  # not through a trusted proxy
        ("fd00::1", "2001:db8::7", "2001:db8::7"),  # IPv6
    ],
)
def test_through_trusted_proxies_the_first_untrusted_hop_from_the_right(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert client_address(request(remote, forwarded)) == client


def test_a_malformed_trusted_proxy_setting_is_refused(monkeypatch):
    from qyzmet import conf

    monkeypatch.setenv("QYZMET_TRUSTED_PROXIES", "10.0.0.0/8,nonsense")
    setting = next(s for s in conf.SETTINGS if s.name == "QYZMET_TRUSTED_PROXIES")
    with pytest.raises(ValueError):
        setting.read()
