"""What an application reads from the registries about its subject: the pre-fill of a draft and
the registry extract of a submission. Each agency asks once for all its services of the
application (the exchange splits that into one request per registry), bound to the application
and those services; so one submission asks each registry once per agency, not once per step
(the automatic checks' reads of the applicant are among the extract's)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from qyzmet.applications.models import Application
from qyzmet.applications.submission import extract_fields, purpose_of
from qyzmet.catalog.models import ServiceVersion
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client

PREFILL = "prefill"  # the system that pre-fills a draft's forms
SUBMISSION = "submission"  # the system that reads a submission's extract (and fees' facts)
COMPANY = "business"  # the entity of a company's fields, read about the application's BIN


def _read(
    application: Application,
    subject: str,
    services: Iterable[ServiceVersion],
    *,
    system: str,
    fields: Callable[[ServiceVersion], list[str]],
) -> dict[str, Any]:
    by_agency: dict[str, list[ServiceVersion]] = defaultdict(list)
    for service in services:
        if fields(service):
            by_agency[service.service.agency.slug].append(service)
    values: dict[str, Any] = {}
    for agency, own in sorted(by_agency.items()):
        paths = sorted({path for service in own for path in fields(service)})
        for about, wanted in _by_subject(application, subject, paths):
            values.update(
                request_registry_data(
                    client=Client(agency=agency, system=system),
                    subject=about,
                    fields=wanted,
                    purpose=purpose_of(application, *own),
                )
            )
    return values


def _by_subject(application: Application, subject: str, paths: list[str]) -> list[tuple]:
    """The fields to read about each subject: a company's (``registry.business.field``) about
    the application's BIN, the others about ``subject`` (a person)."""
    company = [path for path in paths if path.split(".")[1] == COMPANY]
    person = [path for path in paths if path not in company]
    found = [(subject, person)] if person else []
    if company and application.subject_bin:
        found.append((application.subject_bin, company))
    return found


def prefill_values(
    application: Application, subject: str, services: Iterable[ServiceVersion]
) -> dict[str, Any]:
    """The fields ``services`` declare (``registry_data``), to pre-fill a draft's forms."""
    return _read(application, subject, services, system=PREFILL, fields=lambda s: s.registry_data)


def answer_values(
    application: Application, subject: str, services: Iterable[ServiceVersion], paths: set[str]
) -> dict[str, Any]:
    """The fields ``paths`` that registry facts read to answer the questions an application
    submitted in one call left open (``presets.fact_reads``), before its answers select its
    services: read as pre-fill, bound to the ``services`` that declare them (the services those
    questions decide, as the catalogue checks when it loads)."""
    return _read(
        application, subject, services, system=PREFILL,
        fields=lambda service: [path for path in service.registry_data if path in paths],
    )  # fmt: skip


def submission_values(
    application: Application, subject: str, services: Iterable[ServiceVersion]
) -> dict[str, Any]:
    """The extract, fee facts and the applicant's values the automatic checks read, of every
    case ``services`` open, read at submission (``submission.extract_fields``); the forms of an
    application submitted in one call are pre-filled from them too."""
    return _read(application, subject, services, system=SUBMISSION, fields=extract_fields)
