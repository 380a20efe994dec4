"""What a submission reads before it writes: the services an application's answers select, what
stops it from being submitted, and each case's plan (extract, fee, automatic checks). Reads
only, done before the write transaction, so the write lock is held for the writes alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.applications.reads import submission_values
from qyzmet.applications.relations import service_form_problems
from qyzmet.applications.subjects import confirmed_by_read, resolve_subject
from qyzmet.applications.submission import CasePlan, plan_case
from qyzmet.applications.validation import answer_problems, services_that_apply
from qyzmet.attachments.selectors import missing_attachments
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import versions_by_pk
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks
from qyzmet.representation.grounds import Ground


def applicable_services(application: Application) -> list[ServiceVersion]:
    """The service versions this application's answers select."""
    if application.life_situation is None:
        slugs = list(application.service_versions)
    else:
        slugs = services_that_apply(application.life_situation.definition, application.answers)
    by_pk = versions_by_pk(application.service_versions[slug] for slug in slugs)
    return [by_pk[application.service_versions[slug]] for slug in slugs]


def application_problems(
    application: Application,
    *,
    services: list[ServiceVersion] | None = None,
    documents: Sequence[Any] = (),
) -> list[Any]:
    """What stops ``application`` from being submitted (``services``: its applicable services,
    when the caller has them already; ``documents``: held documents about to be bound)."""
    problems = []
    if application.life_situation is not None:
        questions = application.life_situation.questions
        problems.extend(answer_problems(questions, application.answers))
        if problems:
            return problems
    if services is None:
        services = applicable_services(application)
    if not services:
        raise Invalid("no_services_apply")
    for service in services:
        values = application.data.get(service.slug, {})
        problems.extend(
            service_form_problems(application=application, service=service, values=values)
        )
        problems.extend(missing_attachments(application, service, documents=documents))
    return problems


def prepare(
    application: Application,
    *,
    citizen: Any,
    checks: CheckRegistry,
    read: dict[str, Any] | None = None,
    company: Mapping[str, str] | None = None,
    documents: Sequence[Any] = (),
) -> tuple[list[CasePlan], Ground | None]:
    """Validate and work out every case; reads only. Nothing to do for a submitted one.
    ``read``: what was read for a new application in this same call, its subject resolved
    then (``make_application``); else whether the citizen may still act for its subject for
    the services that apply is asked again (a mandate may have ended or expired since the
    draft was started: ``Forbidden``), and the extracts are read now. Returns the plans and
    the ground asked again (``None``: asked in this same call)."""
    if application.status == ApplicationStatus.WITHDRAWN:
        raise Conflict("application.not_draft")
    if application.status != ApplicationStatus.DRAFT:
        return [], None
    services = applicable_services(application)
    problems = application_problems(application, services=services, documents=documents)
    if problems:
        raise Invalid("invalid_application", problems)
    subject = application.subject_iin
    ground = None
    if read is None:
        ground = resolve_subject(
            citizen=citizen, on_behalf_of=application.subject_bin or application.subject_iin,
            services=services, signed_in_company=company, read_follows=True,
        )  # fmt: skip
        subject = ground.subject_iin
        read = submission_values(application, subject, services)
        confirmed_by_read(citizen, ground, read)
    plans = [
        plan_case(
            application=application, service=service, subject=subject, checks=checks, read=read
        )
        for service in services
    ]
    return plans, ground


def prepare_submission(
    application: Application, *, citizen: Any, checks: CheckRegistry | None = None
) -> list[CasePlan]:
    """Validate a new (unsaved) application and read what its cases need from the registries
    (extracts, automatic checks): reads only, to be done before a write transaction."""
    plans, _ = prepare(application, citizen=citizen, checks=checks or default_checks)
    return plans
