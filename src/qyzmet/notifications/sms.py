"""SMS gateways: the contract, a registry of them by name, and the built-in ones, chosen by
``QYZMET_SMS_BACKEND``: ``console`` (the log, codes masked) and ``file``
(``var/outbox/sms.log``) for development, and ``http``, a gateway speaking the HTTP API below
(the shape most national SMS aggregators offer; an adapter for another API is one more class
registered beside it).

``http``'s API, as qyzmet speaks it (docs/identity.md, "SMS one-time passwords"):

- ``POST QYZMET_SMS_URL`` with ``Authorization: Bearer QYZMET_SMS_TOKEN`` and the JSON
  ``{"to": "+77011234567", "text": "...", "client_message_id": "<qyzmet's id>",
  "callback_url": "<where to post delivery reports>"}``. The gateway answers 2xx with
  ``{"message_id": "<its id>"}``; the same ``client_message_id`` again is the same message
  (answered with the same id, never sent twice), so a retry after a lost answer is safe. A
  4xx but 408/429 refuses the message for good; anything else is tried again later.
- Delivery reports come back as ``POST callback_url`` with the JSON ``{"message_id": ...,
  "client_message_id": ..., "status": "delivered" | "failed", "reason": "..."}``, signed:
  ``X-Sms-Timestamp`` (Unix seconds) and ``X-Sms-Signature: v1=<hex HMAC-SHA256 of
  "{timestamp}.{body}" with QYZMET_SMS_REPORT_SECRET>``; a report older (or newer) than
  ``QYZMET_SMS_REPORT_TOLERANCE_SECONDS`` is refused as a replay.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings
from django.utils import timezone

from qyzmet.core.pseudonyms import masked

logger = logging.getLogger("qyzmet.notifications.sms")
DIGITS = re.compile(r"\d{6,}")  # one-time codes (and anything as long: IINs, card numbers)
REPORT_STATUSES = ("delivered", "failed")
SIGNATURE_VERSION = "v1"


def without_codes(text: str) -> str:
    """``text`` as a log may show it: every run of six digits or more masked."""
    return DIGITS.sub(lambda found: "•" * len(found.group()), text)


@dataclass(frozen=True)
class Accepted:
    """What a gateway answers when it takes a message: its id for it, and whether it is
    ``accepted`` (a delivery report may follow; the log and the file send none) or
    ``delivered`` already."""

    message_id: str
    status: str = "accepted"


@dataclass(frozen=True)
class DeliveryReport:
    """A verified delivery report: which message (qyzmet's id, and the gateway's), and what
    became of it."""

    reference: str
    message_id: str
    status: str  # delivered, failed
    reason: str = ""


class MessageRefused(Exception):
    """The gateway refused the message for good (a number it cannot reach, a text it will not
    take): trying again would not help."""


class ReportRefused(Exception):
    """A delivery report that is not the gateway's (signature), too old or too new (a replay),
    or unreadable; ``code`` is the message code (``core.messages``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SmsGateway(ABC):
    """Base class of an SMS gateway; subclasses set ``name`` and implement ``send``, and
    ``parse_report`` when the gateway posts delivery reports (``reports = True``)."""

    name: str = ""
    reports = False

    @abstractmethod
    def send(self, *, to: str, text: str, reference: str, callback_url: str) -> Accepted:
        """Hand the message to the gateway under qyzmet's ``reference`` (the same reference
        again must not send it twice); ``MessageRefused`` when it refuses it for good, any
        other exception when it could not take it now."""

    def parse_report(self, *, body: bytes, headers: Mapping[str, str]) -> DeliveryReport:
        """The report in a request whose signature holds; ``ReportRefused`` otherwise."""
        raise ReportRefused("sms.report_unsupported")


class ConsoleGateway(SmsGateway):
    """For development: the message goes to the log, with its codes masked."""

    name = "console"

    def send(self, *, to: str, text: str, reference: str, callback_url: str) -> Accepted:
        logger.info("SMS to %s: %s", masked(to), without_codes(text))  # nor codes in clear
        return Accepted(message_id=f"console-{reference}")


class FileGateway(SmsGateway):
    """For development: appends the message, in clear, to ``var/outbox/sms.log``."""

    name = "file"

    def send(self, *, to: str, text: str, reference: str, callback_url: str) -> Accepted:
        outbox = Path(settings.VAR_DIR) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": timezone.now().isoformat(), "to": to, "text": text})
        with (outbox / "sms.log").open("a", encoding="utf-8") as file:
            file.write(line + "\n")
        return Accepted(message_id=f"file-{reference}")


def report_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Sms-Signature`` of a report: ``v1=`` and the hex HMAC-SHA256 of
    ``{timestamp}.{body}`` under ``secret``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"


def _fresh(timestamp: str) -> bool:
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    return abs(time.time() - sent) <= settings.SMS_REPORT_TOLERANCE_SECONDS


class HttpGateway(SmsGateway):
    """A gateway speaking the HTTP API of this module's docstring."""

    name = "http"
    reports = True

    def send(self, *, to: str, text: str, reference: str, callback_url: str) -> Accepted:
        payload = {"to": to, "text": text, "client_message_id": reference}
        if callback_url:
            payload["callback_url"] = callback_url
        response = httpx.post(
            settings.SMS_URL,
            json=payload,
            headers={"Authorization": f"Bearer {settings.SMS_TOKEN}"},
            timeout=settings.SMS_TIMEOUT_SECONDS,
        )
        if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
            raise MessageRefused(f"SMS gateway refused the message: {response.status_code}")
        response.raise_for_status()  # 5xx, 408, 429: tried again later
        try:
            message_id = str(response.json()["message_id"])
        except (ValueError, KeyError, TypeError):
            raise RuntimeError("SMS gateway answered without a message_id") from None
        return Accepted(message_id=message_id[:100])

    def parse_report(self, *, body: bytes, headers: Mapping[str, str]) -> DeliveryReport:
        secret = settings.SMS_REPORT_SECRET
        timestamp = headers.get("X-Sms-Timestamp", "")
        given = headers.get("X-Sms-Signature", "")
        expected = report_signature(secret=secret, timestamp=timestamp, body=body)
        if not secret or not hmac.compare_digest(expected.encode(), given.encode()):
            raise ReportRefused("sms.report_signature")
        if not _fresh(timestamp):
            raise ReportRefused("sms.report_stale")
        try:
            report = json.loads(body)
            reference = str(uuid.UUID(str(report["client_message_id"])))
            status = str(report["status"])
        except (ValueError, KeyError, TypeError):
            raise ReportRefused("sms.report_malformed") from None
        if status not in REPORT_STATUSES:
            raise ReportRefused("sms.report_malformed")
        return DeliveryReport(
            reference=reference,
            message_id=str(report.get("message_id") or "")[:100],
            status=status,
            reason=str(report.get("reason") or "")[:200],
        )


class GatewayRegistry:
    def __init__(self) -> None:
        self._gateways: dict[str, SmsGateway] = {}

    def register(self, gateway: SmsGateway) -> SmsGateway:
        if not gateway.name or gateway.name in self._gateways:
            raise ValueError(f"SMS gateway name missing or taken: {gateway.name!r}")
        self._gateways[gateway.name] = gateway
        return gateway

    def __getitem__(self, name: str) -> SmsGateway:
        return self._gateways[name]

    def __contains__(self, name: object) -> bool:
        return name in self._gateways

    def __iter__(self) -> Iterator[str]:
        return iter(self._gateways)


def default_gateways() -> GatewayRegistry:
    registry = GatewayRegistry()
    for gateway in (ConsoleGateway(), FileGateway(), HttpGateway()):
        registry.register(gateway)
    return registry


gateways = default_gateways()


def sms_gateway(registry: GatewayRegistry | None = None) -> SmsGateway:
    """The gateway ``QYZMET_SMS_BACKEND`` names (an unknown name stops start-up: the
    deployment check)."""
    return (registry or gateways)[settings.SMS_BACKEND]
