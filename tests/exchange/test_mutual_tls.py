"""Registry traffic between agencies is encrypted and mutually authenticated, as X-Road's
security servers do: `qyzmet registry serve` with a server certificate serves over TLS and
admits only clients that show a certificate of the exchange's CA. The platform, given its own
certificate, reads the registry through it (pre-fill works); a client without a certificate,
or with one of another CA, is refused in the handshake before anything is read; a platform
that does not trust the server's CA refuses to talk. Plain HTTP is for the demo only."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest
from django.core.checks import Tags, run_checks
from django.core.management import CommandError, call_command

from qyzmet.exchange.tls import client_context
from qyzmet.exchange.transports import OverHttp, ProviderUnavailable
from tests.exchange.certificates import Authority, Issued, certificate_authority, issue
from tests.exchange.conftest import CLI
from tests.exchange.test_served_registry import PLATFORM
from tests.served import free_port, start_process

ABOUT = "/exchange/v1/"


@dataclass(frozen=True)
class ServedOverTls:
    url: str
    database: Path
    log: Path
    exchange_ca: Authority
    platform: Issued  # the platform's client certificate, of the exchange's CA
    stranger: Issued  # a client certificate of another CA
    strangers_ca: Authority

    def tls_env(self, issued: Issued, ca: Authority) -> dict[str, str]:
        return {"QYZMET_EXCHANGE_TLS_CERT": str(issued.cert),
                "QYZMET_EXCHANGE_TLS_KEY": str(issued.key),
                "QYZMET_EXCHANGE_TLS_CA": str(ca.cert)}  # fmt: skip

    def context(self, issued: Issued | None, trusting: Authority) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=trusting.cert)
        if issued is not None:
            context.load_cert_chain(issued.cert, issued.key)
        return context

    def requests_served(self) -> int:
        return self.log.read_text().count('"GET /exchange/v1/')

    def settled(self, mark: str) -> int:
        """The requests served once the registry has logged a request of the platform marked
        `mark`: the access log is written after the answer, so a count read right after an
        answer may not hold it yet."""
        context = self.context(self.platform, self.exchange_ca)
        assert httpx.get(f"{self.url}{ABOUT}?mark={mark}", verify=context).status_code == 200
        deadline = time.monotonic() + 30
        while f"mark={mark}" not in self.log.read_text():
            assert time.monotonic() < deadline, f"the registry never logged {mark}"
            time.sleep(0.05)
        return self.requests_served()

    def posts_served(self) -> int:
        return self.log.read_text().count('"POST /exchange/v1/')


def _wait_for(url: str, context: ssl.SSLContext) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, verify=context).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer over TLS")


@pytest.fixture(scope="module")
def served_over_tls(registry_database, tmp_path_factory) -> Iterator[ServedOverTls]:
    database, env = registry_database
    folder = tmp_path_factory.mktemp("exchange-tls")
    exchange_ca = certificate_authority(folder, "exchange-ca")
    strangers_ca = certificate_authority(folder, "strangers-ca")
    server_cert = issue(exchange_ca, folder, "internal-affairs-registry", server=True)
    served = ServedOverTls(
        url="", database=database, log=folder / "registry.log", exchange_ca=exchange_ca,
        platform=issue(exchange_ca, folder, "platform", server=False),
        stranger=issue(strangers_ca, folder, "stranger", server=False),
        strangers_ca=strangers_ca,
    )  # fmt: skip
    port = free_port()
    server = start_process(
        [*CLI, "registry", "serve", "--agency", "internal-affairs", "--port", str(port),
         "--workers", "1"], {**env, **served.tls_env(server_cert, exchange_ca)}, served.log,
    )  # fmt: skip
    url = f"https://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}{ABOUT}", served.context(served.platform, exchange_ca))
        yield replace(served, url=url)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_the_pre_fill_of_an_application_comes_through_mutual_tls(
    served_over_tls, registry_database
):
    served = served_over_tls
    env = {
        **registry_database[1], **served.tls_env(served.platform, served.exchange_ca),
        "QYZMET_EXCHANGE_PROVIDERS": f"population={served.url},vehicles={served.url}",
    }  # fmt: skip
    run = subprocess.run([sys.executable, "-c", PLATFORM], env=env, capture_output=True,
                         text=True, timeout=300, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    application = json.loads(run.stdout.strip().splitlines()[-1])
    assert application["prefill"]["population.person.full_name"]["ru"]
    with sqlite3.connect(served.database) as db:
        rows = db.execute(
            "SELECT client_system, provider_agency, outcome FROM exchange_dataaccess "
            "WHERE purpose_ref = ?", [application["id"]]
        ).fetchall()  # fmt: skip
    assert rows == [("prefill", "internal-affairs", "granted")]
    log = served.log.read_text()
    assert "POST /exchange/v1/messages" in log
    assert (
        "Serving the population, vehicles registries of internal-affairs to the exchange on "
        f"{served.url}/exchange/v1/messages to clients with a certificate of " in log
    )


@pytest.mark.parametrize("who", ["no certificate", "a certificate of another CA"])
def test_a_client_without_the_exchanges_certificate_is_refused_in_the_handshake(
    served_over_tls, who
):
    served = served_over_tls
    issued = None if who == "no certificate" else served.stranger
    mark = who.replace(" ", "-")
    before = served.settled(f"before-{mark}")

    with pytest.raises(httpx.TransportError) as refused:
        httpx.get(f"{served.url}{ABOUT}", verify=served.context(issued, served.exchange_ca))

    alert = "CERTIFICATE_REQUIRED" if issued is None else "UNKNOWN_CA"
    assert alert in str(refused.value)
    # nothing reached the registry: only the platform's next request, with its certificate
    assert served.settled(f"after-{mark}") == before + 1
    assert (
        httpx.get(  # while the platform, with its certificate, is answered
            f"{served.url}{ABOUT}", verify=served.context(served.platform, served.exchange_ca)
        ).json()["agency"]
        == "internal-affairs"
    )


def test_a_platform_that_does_not_trust_the_servers_ca_refuses_to_talk(served_over_tls, settings):
    served = served_over_tls
    settings.EXCHANGE_TLS_CERT, settings.EXCHANGE_TLS_KEY = (
        str(served.platform.cert),
        str(served.platform.key),
    )
    settings.EXCHANGE_TLS_CA = str(served.strangers_ca.cert)  # trusts another CA alone
    before = served.posts_served()

    transport = OverHttp(served.url, timeout=5, verify=client_context())
    with pytest.raises(ProviderUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        transport.send("a signed request")

    settings.EXCHANGE_TLS_CA = str(served.exchange_ca.cert)
    with pytest.raises(ProviderUnavailable, match="answered 400"):  # talks; not a request
        OverHttp(served.url, timeout=5, verify=client_context()).send("a signed request")
    # gunicorn writes its access log a moment later: wait for the one request that got through,
    # then the refused one must have added nothing.
    deadline = time.monotonic() + 10
    while served.posts_served() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served.posts_served() == before + 1


def deploy_checks() -> dict[str, str]:
    found = run_checks(tags=[Tags.security], include_deployment_checks=True)
    return {message.id: message.msg for message in found if message.id.startswith("qyzmet.")}


def test_outside_the_demo_plain_http_between_agencies_is_an_error_naming_the_registry(
    settings, tmp_path
):
    settings.DEMO = False
    settings.EXCHANGE_PROVIDERS = {"population": "http://10.0.0.5:8101",
                                   "property": "https://10.0.0.6:8102"}  # fmt: skip
    settings.EXCHANGE_TLS_CERT = settings.EXCHANGE_TLS_KEY = settings.EXCHANGE_TLS_CA = ""
    found = deploy_checks()
    assert found["qyzmet.E030"] == "QYZMET_EXCHANGE_PROVIDERS reads the population registry " \
        "over plain HTTP (http://10.0.0.5:8101)."  # fmt: skip
    assert "over https (property) need" in found["qyzmet.E031"]
    assert "QYZMET_EXCHANGE_TLS_CERT, QYZMET_EXCHANGE_TLS_KEY" in found["qyzmet.E031"]

    ca = certificate_authority(tmp_path, "exchange-ca")
    platform = issue(ca, tmp_path, "platform", server=False)
    settings.EXCHANGE_TLS_CERT, settings.EXCHANGE_TLS_KEY = str(platform.cert), str(platform.key)
    settings.EXCHANGE_TLS_CA = str(ca.cert)
    settings.EXCHANGE_PROVIDERS = {"population": "https://10.0.0.5:8101"}
    assert not {"qyzmet.E030", "qyzmet.E031"} & set(deploy_checks())

    settings.DEMO = True
    settings.EXCHANGE_PROVIDERS = {"population": "http://127.0.0.1:8101"}
    assert "qyzmet.E030" not in deploy_checks()


@pytest.mark.django_db
def test_outside_the_demo_a_registry_is_not_served_over_plain_http(settings):
    settings.DEMO = False
    settings.EXCHANGE_TLS_CERT = settings.EXCHANGE_TLS_KEY = settings.EXCHANGE_TLS_CA = ""
    with pytest.raises(CommandError) as refused:
        call_command("registry", "serve", "--agency", "internal-affairs")
    assert str(refused.value) == (
        "Not serving internal-affairs's registries: the exchange between agencies runs over "
        "mutual TLS outside the demo; set QYZMET_EXCHANGE_TLS_CERT, QYZMET_EXCHANGE_TLS_KEY, "
        "QYZMET_EXCHANGE_TLS_CA to PEM files (docs/operations.md)."
    )
