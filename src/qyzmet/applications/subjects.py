"""Whom an application is for, and on what ground the citizen applies: asked of the one
selector of representation (``representation.selectors.acting_for``), with the services of the
application, once the population registry has confirmed it knows the citizen: asked on its own
(legal basis ``application-subject``), or, for a citizen applying for themself whose registry
data is read next (a draft's pre-fill, a submission's extract), by that read when it reads them
from the population registry (it answers nothing about a person it does not know:
``registries.fields.read_fields``), so one application asks that registry about them once
(``confirmed_by_read``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import Invalid
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
from qyzmet.representation.grounds import PERSON, SELF, Ground
from qyzmet.representation.selectors import acting_for

IIN = "population.person.iin"
POPULATION = "population."  # a field path begins with its registry
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
    read_follows: bool = False,
) -> Ground:
    """The ground on which ``citizen`` applies for ``services`` for ``on_behalf_of`` (an IIN, a
    BIN, or nothing for themself); ``Forbidden("representation.not_allowed")`` if they may
    not. ``read_follows``: the caller reads the application's registry data next (pre-fill or
    extract) and passes it to ``confirmed_by_read``, which confirms with it a citizen applying
    for themself; anyone else is confirmed here, as without it."""
    iin = getattr(citizen, "iin", None)
    versions = list(services)
    for_themself = (on_behalf_of or "").strip() in ("", iin) and all(
        version.applicant == PERSON for version in versions
    )  # then ``acting_for`` reads nothing and answers ``SELF``
    if not (read_follows and for_themself and iin):
        applicant_iin(iin)  # first: nothing is read about anyone for one the registry lacks
    return acting_for(
        actor=citizen, subject=on_behalf_of, service=versions, signed_in_company=signed_in_company
    )


def confirmed_by_read(citizen: Any, ground: Ground, read: Mapping[str, Any]) -> None:
    """After ``resolve_subject(read_follows=True)`` and what was ``read`` about the ground's
    subject: a citizen applying for themself is confirmed when the population registry
    answered any of its fields about them with a value, else asked on its own
    (``applicant_iin``); anyone else was confirmed by ``resolve_subject``."""
    answered = any(
        path.startswith(POPULATION) and value is not None for path, value in read.items()
    )  # a registry answering a field with nothing at all is not taken for knowing them
    if ground.kind == SELF and not answered:
        applicant_iin(getattr(citizen, "iin", None))
