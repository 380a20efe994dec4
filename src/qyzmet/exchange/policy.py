"""Who may read which registry fields about whom, for which purpose.

The policy comes from the catalogue: a purpose kind (``application``, ``case``, ``offer``,
``legal_basis``) has a rule, registered here by the app that owns such purposes, that tells
which fields the asking client may read for that purpose and about which subjects. A service
allows the fields it declares (``registry_data``) and those its automatic checks read; an
offer rule the registry fields its values come from; a coded legal basis the fields it lists
(``legal-bases.yaml``). Anything beyond is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qyzmet.catalog.fees import fee_fields
from qyzmet.catalog.person_rules import rule_fields
from qyzmet.exchange.messages import ExchangeRequest
from qyzmet.registries.checks import CheckRegistry


@dataclass(frozen=True)
class Allowance:
    """What a purpose lets this client read: these fields, about these subjects (``None``:
    about whoever the purpose concerns, which its rule has checked already)."""

    fields: frozenset[str]
    subjects: frozenset[str] | None = None


class Refusal(Exception):
    """The request is refused: ``code`` for machines, ``reason`` for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Asker:
    """What the provider knows of the asker beyond the signed message. Answering in the asking
    process only: the applications that process is submitting and has not saved yet
    (``records.KeptRecords.unsaved``), which no registry needs to look up. Over the network,
    nothing (``NOTHING_KNOWN``): the provider cannot trust the asker's memory."""

    unsaved: frozenset[str] = frozenset()


NOTHING_KNOWN = Asker()
PurposeRule = Callable[[ExchangeRequest, Asker], Allowance]


class PurposeRegistry:
    def __init__(self) -> None:
        self._rules: dict[str, PurposeRule] = {}

    def register(self, kind: str) -> Callable[[PurposeRule], PurposeRule]:
        def add(rule: PurposeRule) -> PurposeRule:
            self._rules[kind] = rule
            return rule

        return add

    def kinds(self) -> list[str]:
        return sorted(self._rules)

    def allowance(self, request: ExchangeRequest, asker: Asker = NOTHING_KNOWN) -> Allowance:
        rule = self._rules.get(request.purpose.kind)
        if rule is None:
            raise Refusal("purpose.unknown", f"no purpose of kind {request.purpose.kind!r}")
        return rule(request, asker)


purposes = PurposeRegistry()


def check_request(
    request: ExchangeRequest, *, asker: Asker = NOTHING_KNOWN, registry: PurposeRegistry = purposes
) -> None:
    """Refuse (``Refusal``) unless the request's purpose allows every field it names, about
    its subject (``asker``: what is known of the asker beyond the message, in process only)."""
    allowance = registry.allowance(request, asker)
    outside = sorted(set(request.fields) - allowance.fields)
    if outside:
        raise Refusal(
            "field.not_allowed",
            f"not allowed for {request.purpose.kind} {request.purpose.ref}: {', '.join(outside)}",
        )
    if allowance.subjects is not None and request.subject not in allowance.subjects:
        raise Refusal(
            "subject.not_allowed",
            f"{request.purpose.kind} {request.purpose.ref} does not concern this subject",
        )


def service_fields(definition: dict[str, Any], checks: CheckRegistry) -> set[str]:
    """The fields a service (its catalogue definition) allows: those it declares, those its
    automatic checks read, those its fee exemptions are decided on and those that tie a person
    its form names to the applicant (``catalog.person_rules``)."""
    fields = set(definition.get("registry_data", [])) | fee_fields(definition)
    fields |= rule_fields(definition)
    for step in definition.get("steps", []):
        if step.get("kind") == "check" and step.get("check") in checks:
            fields.update(checks[step["check"]].fields())
    return fields
