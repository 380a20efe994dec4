"""What an application reads from the registries about its subject: the pre-fill of a draft and
the registry extract of a submission. Each agency asks once for all its services of the
application (the exchange splits that into one request per registry), bound to the application
and those services; so one submission asks each registry once per agency, not once per step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from qyzmet.applications.models import Application
from qyzmet.applications.submission import purpose_of
from qyzmet.catalog.fees import fee_fields
from qyzmet.catalog.models import ServiceVersion
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client

PREFILL = "prefill"  # the system that pre-fills a draft's forms
SUBMISSION = "submission"  # the system that reads a submission's extract (and fees' facts)


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
        values.update(
            request_registry_data(
                client=Client(agency=agency, system=system),
                subject=subject,
                fields=sorted({path for service in own for path in fields(service)}),
                purpose=purpose_of(application, *own),
            )
        )
    return values


def prefill_values(
    application: Application, subject: str, services: Iterable[ServiceVersion]
) -> dict[str, Any]:
    """The fields ``services`` declare (``registry_data``), to pre-fill a draft's forms."""
    return _read(application, subject, services, system=PREFILL, fields=lambda s: s.registry_data)


def extract_fields(service: ServiceVersion) -> list[str]:
    """What a case of ``service`` reads when it is submitted: its declared fields (the registry
    extract) and those its fee exemptions are decided on."""
    return [*service.registry_data, *sorted(fee_fields(service.definition))]


def submission_values(
    application: Application, subject: str, services: Iterable[ServiceVersion]
) -> dict[str, Any]:
    """The extract and fee facts of every case ``services`` open, read at submission; the
    forms of an application submitted in one call are pre-filled from them too."""
    return _read(application, subject, services, system=SUBMISSION, fields=extract_fields)
