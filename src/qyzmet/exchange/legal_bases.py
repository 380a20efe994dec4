"""Coded legal bases (``legal-bases.yaml``): the purpose of reads that serve no application,
case or offer (signing a citizen in, finding whom an offer goes to...). Each basis lists the
clients that may invoke it and the fields it allows, as data in one place."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from qyzmet.core.texts import Text
from qyzmet.exchange.messages import Client, ExchangeRequest
from qyzmet.exchange.policy import Allowance, Asker, Refusal, purposes

FILE = Path(__file__).with_name("legal-bases.yaml")
PLATFORM = "platform"


@dataclass(frozen=True)
class LegalBasis:
    code: str
    title: Text
    law: str
    clients: tuple[tuple[str, str], ...]  # (agency, system pattern)
    fields: frozenset[str]

    def admits(self, client: Client) -> bool:
        for agency, system in self.clients:
            agency = settings.EXCHANGE_PLATFORM_AGENCY if agency == PLATFORM else agency
            if agency == client.agency and fnmatch.fnmatchcase(client.system, system):
                return True
        return False


@cache
def legal_bases() -> dict[str, LegalBasis]:
    data: dict[str, Any] = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    return {
        code: LegalBasis(
            code=code,
            title=basis["title"],
            law=basis["law"],
            clients=tuple((c["agency"], c["system"]) for c in basis["clients"]),
            fields=frozenset(basis["fields"]),
        )
        for code, basis in data["legal_bases"].items()
    }


@purposes.register("legal_basis")
def legal_basis_allowance(request: ExchangeRequest, asker: Asker) -> Allowance:
    basis = legal_bases().get(request.purpose.ref)
    if basis is None:
        raise Refusal("purpose.unknown", f"no legal basis {request.purpose.ref!r}")
    if not basis.admits(request.client):
        raise Refusal(
            "purpose.client",
            f"{request.client.agency}/{request.client.system} may not invoke {basis.code}",
        )
    return Allowance(fields=basis.fields)
