"""Signed exchange requests built by hand, as a client (or a forger) would send them."""

from __future__ import annotations

import datetime
from typing import Any

from qyzmet.exchange.messages import Client, ExchangeRequest, Purpose
from qyzmet.exchange.provider import answer_request, registry_owner
from qyzmet.exchange.signing import seal

PREFILL = Client(agency="internal-affairs", system="prefill")


def request_for(
    *, subject: str, fields: list[str], purpose: Purpose, client: Client = PREFILL,
    issued_at: datetime.datetime | None = None, **overrides: Any,
) -> ExchangeRequest:  # fmt: skip
    registry = fields[0].split(".", 1)[0]
    extra = {"issued_at": issued_at} if issued_at else {}
    return ExchangeRequest(
        client=client, provider=registry_owner(registry) or "", registry=registry,
        subject=subject, fields=tuple(fields), purpose=purpose, **extra, **overrides,
    )  # fmt: skip


def signed(request: ExchangeRequest) -> str:
    return seal(request.claims(), agency=request.client.agency)


def send(request: ExchangeRequest) -> Any:
    return answer_request(token=signed(request)).response
