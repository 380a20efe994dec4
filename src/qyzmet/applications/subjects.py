"""Whom an application is for, and on what ground the citizen applies: asked of the one
selector of representation (``representation.selectors.acting_for``), with the services of the
application, after the population registry has confirmed it knows the citizen (legal basis
``application-subject``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import Invalid
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
from qyzmet.representation.grounds import Ground
from qyzmet.representation.selectors import acting_for

IIN = "population.person.iin"
BASIS = "application-subject"


def applicant_iin(iin: str | None) -> str:
    """The citizen's IIN, once the population registry has confirmed it knows them."""
    if not iin or not request_registry_data(
        client=platform_client("applications"), subject=iin, fields=[IIN],
        purpose=legal_basis(BASIS),
    ):  # fmt: skip
        raise Invalid("applicant.unknown")
    return iin


def resolve_subject(
    *,
    citizen: Any,
    on_behalf_of: str | None,
    services: Iterable[ServiceVersion],
    signed_in_company: Mapping[str, str] | None = None,
) -> Ground:
    """The ground on which ``citizen`` applies for ``services`` for ``on_behalf_of`` (an IIN, a
    BIN, or nothing for themself); ``Forbidden("representation.not_allowed")`` if they may
    not."""
    applicant_iin(getattr(citizen, "iin", None))
    return acting_for(
        actor=citizen, subject=on_behalf_of, service=list(services),
        signed_in_company=signed_in_company,
    )  # fmt: skip
