"""The one place that says who may act for whom, asked by every channel.

- ``acting_for(actor=, subject=, service=)``: the ``Ground`` on which ``actor`` may apply for
  ``subject`` (an IIN, a BIN, or nothing for themself) for ``service``, or
  ``Forbidden("representation.not_allowed")`` saying why not.
- ``represented_by(actor=)``: everyone the actor may act for now (themself, their minor
  children, principals of mandates in force, companies), for a chooser.

A service whose catalogue entry says ``applicant: company`` is applied for in a company's
name: by the person the business registry names as head of that active company, or by the
holder of the company's certificate (``signed_in_company``: ``{"bin", "role"}``, put in the
session by the EDS sign-in and passed in by the channel). Any other service is applied for by
a person: for themself, for their child under 18 (the population registry's family links), or
for a principal whose mandate is in force, accepted, covers the service and whose principal
is living. Every registry read goes through the exchange and is about the actor or about a
principal who named them: never about the IIN or BIN typed, so a refusal tells nothing about
a stranger."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import service_versions
from qyzmet.core.errors import DomainError, Forbidden, Invalid, NotFound
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin, validate_bin
from qyzmet.core.texts import Text, pick
from qyzmet.representation import registry, words
from qyzmet.representation.agency import may_record
from qyzmet.representation.grounds import (
    COMPANY,
    COMPANY_CERTIFICATE,
    COMPANY_HEAD,
    MINOR_CHILD,
    PERSON,
    SELF,
    Ground,
    Represented,
)
from qyzmet.representation.models import Mandate, MandateKind, MandateStatus
from qyzmet.representation.rules import personal_services

NOT_ALLOWED = "representation.not_allowed"
FIELD = "on_behalf_of"  # the field a channel's chooser sends

ServiceLike = str | ServiceVersion


@dataclass(frozen=True)
class Problem:
    """A field in error, as ``core.errors.Invalid`` carries them."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


def _refuse(why: Text) -> Forbidden:
    return Forbidden(NOT_ALLOWED, {"why": why})


def _versions(service: ServiceLike | Iterable[ServiceLike]) -> list[ServiceVersion]:
    items = [service] if isinstance(service, str | ServiceVersion) else list(service)
    slugs = [item for item in items if isinstance(item, str)]
    found = service_versions(slugs) if slugs else {}
    versions = []
    for item in items:
        version = item if isinstance(item, ServiceVersion) else found.get(item)
        if version is None:
            raise NotFound("not_found.service")
        versions.append(version)
    return versions


def applicant_of(versions: list[ServiceVersion]) -> str:
    """``person`` or ``company``: who applies for these services (the same for all)."""
    kinds = {version.applicant for version in versions}
    if len(kinds) > 1:
        raise _refuse(words.WHY["mixed"])
    return kinds.pop() if kinds else PERSON


def _identifier(value: str, *, company: bool) -> str:
    try:
        validate_bin(value) if company else parse_iin(value)
    except InvalidIdentifier as wrong:
        problem = Problem(FIELD, f"iin.{wrong.problem.value}")
        raise Invalid("invalid_application", [problem]) from None
    return value


def acting_for(
    *,
    actor: Any,
    subject: str | None,
    service: ServiceLike | Iterable[ServiceLike],
    signed_in_company: Mapping[str, str] | None = None,
    today: datetime.date | None = None,
) -> Ground:
    """The ground on which ``actor`` (a citizen) may apply for ``subject`` (an IIN, a BIN, or
    nothing for themself) for ``service`` (a slug or version, or several: a life situation's),
    or ``Forbidden("representation.not_allowed", {"why": ...})``."""
    versions = _versions(service)
    iin = str(getattr(actor, "iin", "") or "")
    subject = (subject or "").strip() or None
    if applicant_of(versions) == COMPANY:
        return _company_ground(iin, subject, signed_in_company)
    if subject is None or subject == iin:
        return Ground(SELF, iin)
    _identifier(subject, company=False)
    return _person_ground(iin, subject, [v.slug for v in versions], today or timezone.localdate())


def _company_ground(iin: str, bin_: str | None, certificate: Mapping[str, str] | None) -> Ground:
    certified = str((certificate or {}).get("bin") or "")
    if bin_ is None:
        if not certified:
            raise _refuse(words.WHY["company_needed"])
        bin_ = certified
    _identifier(bin_, company=True)
    if certified and bin_ == certified:
        role = str((certificate or {}).get("role") or "")
        return Ground(COMPANY_CERTIFICATE, iin, subject_bin=bin_, role=role)
    if any(company["bin"] == bin_ for company in registry.companies_headed(iin)):
        return Ground(COMPANY_HEAD, iin, subject_bin=bin_)
    raise _refuse(words.WHY["not_head"])


def mandates_between(*, principal_iin: str, representative_iin: str) -> QuerySet[Mandate]:
    return Mandate.objects.filter(
        principal_iin=principal_iin, representative_iin=representative_iin
    ).order_by("-until", "-created_at")


def _person_ground(iin: str, subject: str, slugs: list[str], today: datetime.date) -> Ground:
    mandates = list(mandates_between(principal_iin=subject, representative_iin=iin))
    usable = [m for m in mandates if m.in_force(today) and m.covers(slugs)]
    if usable and registry.living(subject) is not None:
        return Ground(usable[0].kind, subject, mandate_id=usable[0].pk)
    child = next((c for c in registry.children_of(iin) if c["iin"] == subject), None)
    if child is not None and registry.age(child["birth_date"], today) < registry.ADULT_AGE:
        return Ground(MINOR_CHILD, subject)
    raise _refuse(_why(mandates, usable=bool(usable), child=child, slugs=slugs, today=today))


def _why(
    mandates: list[Mandate], *, usable: bool, child: dict | None, slugs: list[str], today: Any
) -> Text:
    """The most telling reason, about what the actor knows already: their own mandates from
    this principal, their own child."""
    if usable:
        return words.WHY["principal_gone"]
    if any(m.in_force(today) for m in mandates):
        return words.WHY["outside_services"]
    if any(m.status == MandateStatus.OFFERED for m in mandates):
        return words.WHY["not_accepted"]
    expired = [m for m in mandates if m.expired(today)]
    if expired:
        return words.expired_on(expired[0].until)
    if any(m.status == MandateStatus.ENDED for m in mandates):
        return words.WHY["ended"]
    if child is not None:
        return words.WHY["not_minor"]
    return words.WHY["no_ground"]


def mandates_in_force_for(representative_iin: str, today: datetime.date) -> list[Mandate]:
    """The mandates the person with this IIN may use today, as representative."""
    found = Mandate.objects.filter(
        representative_iin=representative_iin, status=MandateStatus.ACTIVE, until__gte=today
    )
    return list(found.order_by("until", "created_at"))


def represented_by(
    *,
    actor: Any,
    service: ServiceLike | Iterable[ServiceLike] | None = None,
    signed_in_company: Mapping[str, str] | None = None,
    today: datetime.date | None = None,
    cached: bool = False,
) -> list[Represented]:
    """Whom ``actor`` may act for now: themself, their children under 18, the principals of
    their mandates in force, and the companies they head or hold the certificate of. With
    ``service`` (one, or a life situation's), only those who may be applied for there.
    ``cached``: the companies read for the actor a few minutes ago will do (a list, a
    chooser: ``acting_for`` decides afresh)."""
    iin = str(getattr(actor, "iin", "") or "")
    if not iin:
        return []
    today = today or timezone.localdate()
    versions = _versions(service) if service is not None else None
    applicant = applicant_of(versions) if versions is not None else None
    found: list[Represented] = []
    if applicant in (None, PERSON):
        found.append(Represented(SELF, iin=iin))
        for child in registry.minor_children(iin):
            found.append(Represented(MINOR_CHILD, iin=child["iin"], name=child["full_name"]))
        slugs = [v.slug for v in versions or []]
        seen = {r.iin for r in found}
        for mandate in mandates_in_force_for(iin, today):
            entry = Represented(
                mandate.kind, iin=mandate.principal_iin, name=mandate.principal_name,
                services=tuple(mandate.services), until=mandate.until, mandate_id=mandate.pk,
            )  # fmt: skip
            if entry.iin not in seen and entry.covers(slugs):
                found.append(entry)
                seen.add(entry.iin)
    if applicant in (None, COMPANY):
        found.extend(_companies(iin, signed_in_company, cached=cached))
    return found


def companies_acted_for(
    *, actor: Any, signed_in_company: Mapping[str, str] | None = None, cached: bool = False
) -> list[Represented]:
    """The companies ``actor`` may act for: those the business registry names them head of,
    and the one whose certificate they signed in with."""
    iin = str(getattr(actor, "iin", "") or "")
    return _companies(iin, signed_in_company, cached=cached) if iin else []


def company_bins_of(actor: Any) -> list[str]:
    """The BINs of the companies the business registry names ``actor`` head of, whose
    applications they follow, for a channel without a company certificate session (the API,
    GovStack, the messenger): read a few minutes ago will do; none when it does not answer."""
    try:
        return [c.bin for c in companies_acted_for(actor=actor, cached=True)]
    except DomainError:
        return []


def _companies(
    iin: str, certificate: Mapping[str, str] | None, *, cached: bool
) -> list[Represented]:
    companies = [
        Represented(COMPANY_HEAD, bin=c["bin"], name={"kk": c["name"], "ru": c["name"]})
        for c in registry.companies_headed(iin, cached=cached)
    ]
    certified = str((certificate or {}).get("bin") or "")
    if certified and all(c.bin != certified for c in companies):
        companies.append(Represented(COMPANY_CERTIFICATE, bin=certified))
    return companies


def mandates_given_by(citizen: Any) -> QuerySet[Mandate]:
    """The mandates in which the citizen is the principal, newest first."""
    return Mandate.objects.filter(principal_iin=str(getattr(citizen, "iin", "") or "-"))


def mandates_given_to(citizen: Any) -> QuerySet[Mandate]:
    """The mandates in which the citizen is the representative, newest first."""
    return Mandate.objects.filter(representative_iin=str(getattr(citizen, "iin", "") or "-"))


def mandates_of(citizen: Any, *, role: str | None = None) -> QuerySet[Mandate]:
    """The mandates the citizen gave (``role="principal"``), received (``"representative"``),
    or both (``None``)."""
    if role == "principal":
        return mandates_given_by(citizen)
    if role == "representative":
        return mandates_given_to(citizen)
    return mandates_given_by(citizen) | mandates_given_to(citizen)


def mandate_of(person: Any, mandate_id: Any) -> Mandate:
    """The mandate ``mandate_id`` if ``person`` is its principal or representative (or an
    officer of the recording agency, for one recorded by an officer); else not found."""
    try:
        pk = uuid.UUID(str(mandate_id))
    except ValueError:
        raise NotFound("not_found.mandate") from None
    mandate = Mandate.objects.filter(pk=pk).first()
    iin = getattr(person, "iin", None)
    if mandate is not None and iin and iin in (mandate.principal_iin, mandate.representative_iin):
        return mandate
    if mandate is not None and mandate.kind != MandateKind.GRANTED and may_record(person):
        return mandate
    raise NotFound("not_found.mandate")


def recorded_mandates(officer: Any, *, limit: int = 50) -> list[Mandate]:
    """The mandates officers recorded, newest first, for an officer who may record them."""
    if not may_record(officer):
        return []
    found = Mandate.objects.exclude(kind=MandateKind.GRANTED).select_related("granted_by")
    return list(found.order_by("-created_at")[:limit])


def mandate_services() -> list[ServiceVersion]:
    """The current services a mandate may name (those a person applies for), by title in the
    active language."""
    return sorted(personal_services().values(), key=lambda version: pick(version.title))
