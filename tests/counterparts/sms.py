"""The SMS gateway counterpart (``sms_gateway.py``) started as its own process for a test
session, and qyzmet configured to send through it (``http`` gateway, its token and report
secret). ``tests/conftest.py`` loads these fixtures as a plugin."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.served import free_port

SCRIPT = Path(__file__).with_name("sms_gateway.py")
NOWHERE = "http://127.0.0.1:9"  # where reports go when no test server takes them


@dataclass(frozen=True)
class RunningGateway:
    url: str
    token: str
    report_secret: str

    def messages_to(self, phone: str) -> list[str]:
        """The texts ``phone`` received, oldest first."""
        answer = httpx.get(f"{self.url}/phones/{phone}/messages")
        return [message["text"] for message in answer.json()]

    def code_sent_to(self, phone: str, *, wait: float = 5.0) -> str:
        """The 6-digit code in the newest text ``phone`` received (waiting for it a little:
        the gateway delivers after it answered)."""
        deadline = time.monotonic() + wait
        while True:
            texts = self.messages_to(phone)
            if texts or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert texts, f"no text reached {phone}"
        found = re.search(r"\b(\d{6})\b", texts[-1])
        assert found, texts[-1]
        return found.group(1)

    def messages(self) -> list[dict[str, Any]]:
        return list(httpx.get(f"{self.url}/messages").json())

    def reports(self, *, at_least: int = 0, wait: float = 10.0) -> list[dict[str, Any]]:
        """The delivery reports the gateway posted, with qyzmet's answers; waits until there
        are ``at_least``."""
        deadline = time.monotonic() + wait
        while True:
            reports = list(httpx.get(f"{self.url}/reports").json())
            if len(reports) >= at_least or time.monotonic() > deadline:
                return reports
            time.sleep(0.05)

    def fail(self, *numbers: str) -> None:
        """Messages to ``numbers`` fail: the phone gets nothing, the report says failed."""
        httpx.post(f"{self.url}/control", json={"fail": list(numbers)}).raise_for_status()

    def outage(self, messages: int) -> None:
        """The next ``messages`` messages are answered 503 (try again later)."""
        httpx.post(f"{self.url}/control", json={"outage": messages}).raise_for_status()

    def stall(self, seconds: float) -> None:
        """The next message is taken (the phone has it) but answered ``seconds`` later."""
        httpx.post(f"{self.url}/control", json={"stall": seconds}).raise_for_status()

    def reset(self) -> None:
        httpx.post(f"{self.url}/reset").raise_for_status()


@pytest.fixture(scope="session")
def sms_gateway_process(tmp_path_factory: Any) -> Iterator[RunningGateway]:
    port = free_port()
    gateway = RunningGateway(
        url=f"http://127.0.0.1:{port}",
        token=secrets.token_urlsafe(24),
        report_secret=secrets.token_urlsafe(32),
    )
    log = tmp_path_factory.mktemp("sms-gateway") / "gateway.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, str(SCRIPT), "--port", str(port), f"--token={gateway.token}",
             f"--report-secret={gateway.report_secret}"],  # a secret may start with "-"
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(gateway.url + "/").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the SMS gateway did not start"
            time.sleep(0.05)
        yield gateway
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sms_gateway(sms_gateway_process: RunningGateway, settings: Any) -> RunningGateway:
    """The gateway, emptied, with qyzmet sending through it (reports go nowhere; a test that
    takes them uses ``sms_reports_to``)."""
    sms_gateway_process.reset()
    settings.SMS_BACKEND = "http"
    settings.SMS_URL = f"{sms_gateway_process.url}/messages"
    settings.SMS_TOKEN = sms_gateway_process.token
    settings.SMS_REPORT_SECRET = sms_gateway_process.report_secret
    settings.SMS_CALLBACK_BASE_URL = NOWHERE
    return sms_gateway_process


@pytest.fixture
def sms_reports_to(sms_gateway: RunningGateway, live_server: Any, settings: Any) -> RunningGateway:
    """The gateway, posting its delivery reports to qyzmet served by a live test server."""
    settings.SMS_CALLBACK_BASE_URL = live_server.url
    return sms_gateway
