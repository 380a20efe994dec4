"""The portal's side of representation: whom the signed-in citizen may apply for, grouped for
the chooser "Apply for: myself / my child / a person who gave me a mandate / my company", and
the company certificate the EDS sign-in leaves in the session (``signed_in_company``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import DomainError
from qyzmet.representation.grounds import (
    COMPANY,
    COMPANY_GROUNDS,
    MANDATE_GROUNDS,
    MINOR_CHILD,
    Represented,
)
from qyzmet.representation.selectors import applicant_of, companies_acted_for, represented_by

SIGNED_IN_COMPANY = "signed_in_company"  # {"bin", "role"}, written by the EDS sign-in


def signed_in_company(request: HttpRequest) -> dict[str, str] | None:
    """The company whose certificate the citizen signed in with, if any."""
    found = request.session.get(SIGNED_IN_COMPANY) if hasattr(request, "session") else None
    if isinstance(found, dict) and isinstance(found.get("bin"), str):
        return {"bin": found["bin"], "role": str(found.get("role") or "")}
    return None


@dataclass
class Chooser:
    """Whom the citizen may apply for here, by group; ``company`` when the service is applied
    for in a company's name (then only companies are offered)."""

    company: bool = False
    children: list[Represented] = field(default_factory=list)
    principals: list[Represented] = field(default_factory=list)
    companies: list[Represented] = field(default_factory=list)
    unavailable: bool = False  # the registries did not answer: only "myself" is offered

    @property
    def others(self) -> bool:
        return bool(self.children or self.principals or self.companies)


def chooser(request: HttpRequest, services: Sequence[ServiceVersion]) -> Chooser | None:
    """The chooser for starting an application of ``services``, or ``None`` when the visitor
    has not signed in (they sign in first, and choose then)."""
    user: Any = request.user
    if not getattr(user, "is_authenticated", False) or not getattr(user, "iin", None):
        return None
    try:
        company = applicant_of(list(services)) == COMPANY
        found = represented_by(
            actor=user, service=list(services), signed_in_company=signed_in_company(request),
            cached=True,
        )  # fmt: skip
    except DomainError:
        return Chooser(company=False, unavailable=True)
    return Chooser(
        company=company,
        children=[r for r in found if r.ground == MINOR_CHILD],
        principals=[r for r in found if r.ground in MANDATE_GROUNDS],
        companies=[r for r in found if r.ground in COMPANY_GROUNDS],
    )


def company_bins(request: HttpRequest) -> list[str]:
    """The BINs of the companies the citizen acts for, whose applications they follow (those
    read a few minutes ago will do; none when the registry does not answer)."""
    certificate = signed_in_company(request)
    try:
        found = companies_acted_for(actor=request.user, signed_in_company=certificate, cached=True)
    except DomainError:
        return [certificate["bin"]] if certificate else []
    return [company.bin for company in found]
