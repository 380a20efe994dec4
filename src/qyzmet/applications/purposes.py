"""The exchange policy of applications and cases (``exchange.policy``): an agency may read,
for an application or a case of its own services, the registry fields those services declare
and those their automatic checks read; for a case with a result document, also the holder's
name. Once the application is saved, only about its subject (and the company it is made in the
name of), its applicant (the citizen, or the principal under a mandate, whose family links tie a
person a form names: ``relations.py``) and the identifiers its forms mention (a child's IIN, an
address code...)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from qyzmet.applications.models import Application, Case
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import service_versions, versions_by_pk
from qyzmet.exchange.messages import ExchangeRequest
from qyzmet.exchange.policy import Allowance, Asker, Refusal, purposes, service_fields
from qyzmet.registries.checks import checks

HOLDER_NAME = "population.person.full_name"
COMPANY_NAME = "businesses.business.name"  # the holder of a company's result document


def _uuid(request: ExchangeRequest) -> str:
    try:
        return str(uuid.UUID(request.purpose.ref))
    except ValueError:
        raise Refusal("purpose.unknown", f"{request.purpose.ref!r} is not an id") from None


def _identifiers(values: Iterable[dict[str, Any]]) -> set[str]:
    """The text values of forms: the identifiers an application may ask the registries about."""
    return {str(v).strip() for form in values for v in form.values() if isinstance(v, str | int)}


def _client_owns(request: ExchangeRequest, versions: Iterable[ServiceVersion]) -> None:
    for version in versions:
        if version.service.agency.slug != request.client.agency:
            raise Refusal(
                "purpose.client",
                f"{version.slug} is a service of {version.service.agency.slug}, "
                f"not of {request.client.agency}",
            )


@purposes.register("application")
def application_allowance(request: ExchangeRequest, asker: Asker) -> Allowance:
    """An application saved, or one being started or submitted in one go (its id given
    before it is saved): then bound to the services it names only. One the asking process
    says it is submitting and has not saved (``asker.unsaved``, answered in that process only)
    is not looked up: it is not there yet."""
    slugs = request.purpose.services
    if not slugs:
        raise Refusal("purpose.services", "name the services of the application")
    ref = _uuid(request)
    application = None if ref in asker.unsaved else Application.objects.filter(pk=ref).first()
    subjects: frozenset[str] | None = None
    if application is not None:
        if any(slug not in application.service_versions for slug in slugs):
            raise Refusal("purpose.services", "not services of this application")
        pks = [application.service_versions[slug] for slug in slugs]
        versions = list(versions_by_pk(pks).values())
        forms = [application.data.get(slug) or {} for slug in slugs]
        applicant = application.applicant_iin  # whose relatives tie a person a form names
        company = {application.subject_bin} if application.subject_bin else set()
        subjects = frozenset({application.subject_iin, applicant, *company, *_identifiers(forms)})
    else:
        found = service_versions(sorted(set(slugs)))
        versions = [version for version in found.values() if version is not None]
        if len(versions) != len(set(slugs)):
            raise Refusal("purpose.services", "unknown services")
    _client_owns(request, versions)
    fields = set().union(*(service_fields(v.definition, checks) for v in versions))
    return Allowance(fields=frozenset(fields), subjects=subjects)


@purposes.register("case")
def case_allowance(request: ExchangeRequest, asker: Asker) -> Allowance:
    case = (
        Case.objects.select_related("service__service__agency", "application")
        .filter(pk=_uuid(request))
        .first()
    )
    if case is None:
        raise Refusal("purpose.unknown", f"no case {request.purpose.ref}")
    _client_owns(request, [case.service])
    fields = service_fields(case.service.definition, checks)
    if case.service.definition.get("result"):
        fields.add(COMPANY_NAME if case.application.subject_bin else HOLDER_NAME)
    company = {case.application.subject_bin} if case.application.subject_bin else set()
    subjects = {case.application.subject_iin, *company, *_identifiers([case.data or {}])}
    return Allowance(fields=frozenset(fields), subjects=frozenset(subjects))
