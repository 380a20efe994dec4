"""Deployment checks of signing (``qyzmet check --deploy``): a loaded service that asks its
applicants to sign must have a way for them to do so on this server, or nobody can submit it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from qyzmet.applications.signature_checks import XMLDSIG
from qyzmet.catalog.documents import read_catalog
from qyzmet.identity.verifiers import VerifierRegistry, verifiers


def _services_asking(level: str) -> list[str]:
    """Services of the catalogue folder (``QYZMET_CATALOG_DIR``, what `qyzmet catalog load`
    loads) that ask for ``level``: read from the files, so the check needs no database."""
    catalog = read_catalog([Path(settings.CATALOG_DIR) / "services"])
    return sorted(
        str(doc.data.get("id", doc.file))
        for doc in catalog.documents
        if doc.kind == "service" and doc.data.get("assurance") == level
    )


@register(Tags.security, deploy=True)
def signing_possible(
    app_configs: Any = None, registry: VerifierRegistry | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W080: services that need an EDS signature, but no XML signature verifier is installed
    or no CA certificate is configured to verify with (every signature would be refused). The
    catalogue is read only when signing is impossible."""
    installed = XMLDSIG in (verifiers if registry is None else registry)
    if installed and settings.EDS_CA_CERTS:
        return []
    needing_eds = _services_asking("eds")
    if not needing_eds:
        return []
    return [
        Warning(
            (
                "QYZMET_EDS_CA_CERTS is empty"
                if installed
                else f"QYZMET_EDS_CA_CERTS cannot be used: no `{XMLDSIG}` verifier is installed"
            )
            + f": {len(needing_eds)} service(s) need the applicant's EDS signature "
            f"({', '.join(needing_eds[:5])}...) and nobody can submit them. Configure EDS "
            "(docs/identity.md) or set `assurance` of those services in the catalogue.",
            id="qyzmet.W080",
        )
    ]
