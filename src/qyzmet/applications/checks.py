"""Deployment checks of signing (``qyzmet check --deploy``): a loaded service that asks its
applicants to sign must have a way for them to do so on this server, or nobody can submit it."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError

from qyzmet.applications.signature_checks import XMLDSIG
from qyzmet.identity.verifiers import VerifierRegistry, verifiers


def _services_asking(level: str) -> list[str]:
    from qyzmet.catalog.models import Service

    try:
        current = Service.objects.filter(current__isnull=False).select_related("current")
        return sorted(s.slug for s in current if s.current and s.current.assurance == level)
    except DatabaseError:  # not migrated yet: nothing is loaded
        return []


@register(Tags.security, deploy=True)
def signing_possible(
    app_configs: Any = None, registry: VerifierRegistry | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W080: services that need an EDS signature, but no XML signature verifier is on."""
    found: list[CheckMessage] = []
    needing_eds = _services_asking("eds")
    if needing_eds and XMLDSIG not in (verifiers if registry is None else registry):
        found.append(
            Warning(
                f"{len(needing_eds)} service(s) need the applicant's EDS signature "
                f"({', '.join(needing_eds[:5])}...) but no `{XMLDSIG}` signature verifier is "
                "installed: nobody can submit them. Configure EDS (QYZMET_EDS_CA_CERTS, "
                "docs/identity.md) or set `assurance` of those services in the catalogue.",
                id="qyzmet.W080",
            )
        )
    return found
