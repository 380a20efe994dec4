"""The client's address is the connection's, unless the connection comes from a trusted proxy:
then it is the last address the proxies wrote that is not one of theirs. Nobody chooses their
address by sending ``X-Forwarded-For``."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from qyzmet.core.clients import client_address

BALANCER = "10.0.0.5"


def address(settings, *, proxies: list[str], remote: str, forwarded: str | None = None) -> str:
    settings.TRUSTED_PROXIES = proxies
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_connection_is_the_client_whatever_the_header(settings):
    assert address(settings, proxies=[], remote="203.0.113.9") == "203.0.113.9"
    assert address(settings, proxies=[], remote="203.0.113.9", forwarded="1.2.3.4") == (
        "203.0.113.9"
    )


def test_behind_the_balancer_the_client_is_the_address_it_forwarded(settings):
    seen = address(settings, proxies=[BALANCER], remote=BALANCER, forwarded="203.0.113.9")
    assert seen == "203.0.113.9"


def test_an_address_the_client_forged_before_the_balancers_is_ignored(settings):
    forged = "1.2.3.4, 10.0.0.5, 203.0.113.9"  # the client sent "1.2.3.4, 10.0.0.5" itself
    assert address(settings, proxies=[BALANCER], remote=BALANCER, forwarded=forged) == (
        "203.0.113.9"
    )


def test_a_client_reaching_the_server_directly_cannot_pose_as_the_balancer(settings):
    seen = address(settings, proxies=[BALANCER], remote="198.51.100.7", forwarded="1.2.3.4")
    assert seen == "198.51.100.7"


def test_several_trusted_hops_and_networks_are_skipped(settings):
    proxies = ["10.0.0.0/8", "2001:db8:cd::/48"]
    forwarded = "203.0.113.9, [2001:db8:cd::17]:443, 10.1.2.3"
    assert address(settings, proxies=proxies, remote="10.0.0.5", forwarded=forwarded) == (
        "203.0.113.9"
    )


def test_ipv6_clients_and_ipv4_mapped_connections(settings):
    assert address(settings, proxies=[], remote="::ffff:203.0.113.9") == "203.0.113.9"
    seen = address(settings, proxies=[BALANCER], remote=BALANCER, forwarded="2001:db8::1")
    assert seen == "2001:db8::1"


@pytest.mark.parametrize("forwarded", [None, "", "garbage, also garbage"])
def test_a_balancer_forwarding_nothing_readable_is_the_client(settings, forwarded):
    assert address(settings, proxies=[BALANCER], remote=BALANCER, forwarded=forwarded) == BALANCER


def test_a_malformed_trusted_proxy_setting_is_refused(monkeypatch):
    from qyzmet import conf

    monkeypatch.setenv("QYZMET_TRUSTED_PROXIES", "10.0.0.0/8,nonsense")
    setting = next(s for s in conf.SETTINGS if s.name == "QYZMET_TRUSTED_PROXIES")
    with pytest.raises(ValueError):
        setting.read()
