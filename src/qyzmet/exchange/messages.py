"""The exchange's two messages, a request and its response, as the claims of a signed JSON Web
Token (``docs/exchange.md`` has the format). Reading claims checks their shape only: who may
ask for what is ``policy.py``'s, whether the signature holds is ``signing.py``'s."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

PROTOCOL = "qyzmet-exchange/1"


class MalformedMessage(ValueError):
    """The claims are not an exchange message (a field missing or of the wrong type)."""


def new_message_id() -> str:
    return uuid.uuid4().hex


def _text(claims: dict[str, Any], name: str, *, limit: int = 64) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise MalformedMessage(f"{name!r}: a text of 1 to {limit} characters")
    return value


def _timestamp(claims: dict[str, Any]) -> datetime.datetime:
    value = claims.get("iat")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise MalformedMessage("'iat': seconds since 1970 (a number)")
    try:
        return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedMessage("'iat': a time in the years 1970 to 9999") from None


@dataclass(frozen=True)
class Client:
    """Who asks: an agency and its system (``prefill``, ``checks``, ``partner:NAME``...)."""

    agency: str
    system: str


@dataclass(frozen=True)
class Purpose:
    """Why: an application (with the services the data is for), a case, an offer, or a coded
    legal basis (``ref`` is its code)."""

    kind: str
    ref: str
    services: tuple[str, ...] = ()

    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {"kind": self.kind, "ref": self.ref}
        if self.services:
            claims["services"] = list(self.services)
        return claims


@dataclass(frozen=True)
class ExchangeRequest:
    client: Client
    provider: str  # the agency holding the registry
    registry: str
    subject: str  # IIN, BIN, or the identifier of the entity the fields are of
    fields: tuple[str, ...]
    purpose: Purpose
    message_id: str = field(default_factory=new_message_id)
    issued_at: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(tz=datetime.UTC)
    )

    def claims(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "type": "request",
            "jti": self.message_id,
            "iat": self.issued_at.timestamp(),
            "iss": self.client.agency,
            "sys": self.client.system,
            "aud": self.provider,
            "registry": self.registry,
            "sub": self.subject,
            "fields": list(self.fields),
            "purpose": self.purpose.claims(),
        }

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> ExchangeRequest:
        if claims.get("protocol") != PROTOCOL or claims.get("type") != "request":
            raise MalformedMessage(f"not a {PROTOCOL} request")
        fields = claims.get("fields")
        if not isinstance(fields, list) or not fields or len(fields) > 100:
            raise MalformedMessage("'fields': a list of 1 to 100 field paths")
        purpose = claims.get("purpose")
        if not isinstance(purpose, dict):
            raise MalformedMessage("'purpose': an object with 'kind' and 'ref'")
        services = purpose.get("services", [])
        if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
            raise MalformedMessage("'purpose.services': a list of service ids")
        return cls(
            message_id=_text(claims, "jti"),
            issued_at=_timestamp(claims),
            client=Client(agency=_text(claims, "iss"), system=_text(claims, "sys", limit=100)),
            provider=_text(claims, "aud"),
            registry=_text(claims, "registry", limit=32),
            subject=_text(claims, "sub"),
            fields=tuple(_text({"path": f}, "path", limit=100) for f in fields),
            purpose=Purpose(
                kind=_text(purpose, "kind", limit=16),
                ref=_text(purpose, "ref"),
                services=tuple(services),
            ),
        )


GRANTED = "granted"
REFUSED = "refused"


@dataclass(frozen=True)
class ExchangeResponse:
    provider: str
    client: str  # the agency it answers
    in_reply_to: str
    outcome: str  # granted or refused
    data: dict[str, Any] = field(default_factory=dict)
    refusal: str = ""  # a code (``signature``, ``replay``, ``field.not_allowed``...)
    reason: str = ""  # for people: what exactly was refused
    message_id: str = field(default_factory=new_message_id)
    issued_at: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(tz=datetime.UTC)
    )

    @property
    def granted(self) -> bool:
        return self.outcome == GRANTED

    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "protocol": PROTOCOL,
            "type": "response",
            "jti": self.message_id,
            "iat": self.issued_at.timestamp(),
            "iss": self.provider,
            "aud": self.client,
            "irt": self.in_reply_to,
            "outcome": self.outcome,
        }
        if self.granted:
            claims["data"] = self.data
        else:
            claims["refusal"] = {"code": self.refusal, "reason": self.reason}
        return claims

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> ExchangeResponse:
        if claims.get("protocol") != PROTOCOL or claims.get("type") != "response":
            raise MalformedMessage(f"not a {PROTOCOL} response")
        outcome = claims.get("outcome")
        if outcome not in (GRANTED, REFUSED):
            raise MalformedMessage("'outcome': granted or refused")
        data = claims.get("data", {})
        refusal = claims.get("refusal") or {}
        if not isinstance(data, dict) or not isinstance(refusal, dict):
            raise MalformedMessage("'data' and 'refusal' are objects")
        return cls(
            message_id=_text(claims, "jti"),
            issued_at=_timestamp(claims),
            provider=_text(claims, "iss"),
            client=_text(claims, "aud"),
            in_reply_to=_text(claims, "irt"),
            outcome=str(outcome),
            data=data,
            refusal=str(refusal.get("code", "")),
            reason=str(refusal.get("reason", "")),
        )
