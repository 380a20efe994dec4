"""SMS gateways behind one contract, chosen by ``QYZMET_SMS_BACKEND``: ``console`` (the log),
``file`` (appends to ``var/outbox/sms.log``) for development, and ``http``: a gateway that
takes ``POST {"to": "+77011234567", "text": "..."}`` with a bearer token, the shape most
national SMS aggregators offer (an adapter per provider registers beside it)."""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from qyzmet.core.pseudonyms import masked

logger = logging.getLogger("qyzmet.notifications.sms")
DIGITS = re.compile(r"\d{6,}")  # one-time codes (and anything as long: IINs, card numbers)


def without_codes(text: str) -> str:
    """``text`` as a log may show it: every run of six digits or more masked."""
    return DIGITS.sub(lambda found: "•" * len(found.group()), text)


class SmsGateway(ABC):
    name: str = ""

    @abstractmethod
    def send(self, *, to: str, text: str) -> None:
        """Hand the message to the gateway; raise when it was not accepted."""


class ConsoleGateway(SmsGateway):
    name = "console"

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", masked(to), without_codes(text))  # nor codes in clear


class FileGateway(SmsGateway):
    name = "file"

    def send(self, *, to: str, text: str) -> None:
        outbox = Path(settings.VAR_DIR) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": timezone.now().isoformat(), "to": to, "text": text})
        with (outbox / "sms.log").open("a", encoding="utf-8") as file:
            file.write(line + "\n")


class HttpGateway(SmsGateway):
    name = "http"

    def send(self, *, to: str, text: str) -> None:
        request = urllib.request.Request(
            settings.SMS_URL,
            data=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if not 200 <= response.status < 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


GATEWAYS: dict[str, type[SmsGateway]] = {
    gateway.name: gateway for gateway in (ConsoleGateway, FileGateway, HttpGateway)
}


def sms_gateway() -> SmsGateway:
    return GATEWAYS[settings.SMS_BACKEND]()
