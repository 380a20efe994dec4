"""What a result document says, assembled from the approved case in the holder's language.

The content is plain data (stored with the document, printed on the PDF, shown on the verify
page) so the document reads the same wherever it is shown, even after the catalogue changes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from qyzmet.applications.facts import extract_rows, form_rows
from qyzmet.applications.models import Case
from qyzmet.core.texts import pick
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client, Purpose

FULL_NAME = "population.person.full_name"
COMPANY_NAME = "businesses.business.name"
PRINTED_ABOVE = (FULL_NAME, "population.person.iin")  # in the holder block


def verify_url(document_id: str) -> str:
    return f"{settings.PUBLIC_URL}/verify/{document_id}/"


def holder_name(case: Case, language: str) -> str:
    """Whom the document is issued to: the person the application is for, or the company it
    was made in the name of."""
    company = case.application.subject_bin
    iin = case.application.subject_iin
    field = COMPANY_NAME if company else FULL_NAME
    name = request_registry_data(
        client=Client(agency=case.agency.slug, system="documents"), subject=company or iin,
        fields=[field], purpose=Purpose(kind="case", ref=str(case.pk)),
    ).get(field)  # fmt: skip
    if isinstance(name, dict):
        return pick(name, language)
    if isinstance(name, str) and name:
        return name
    citizen = case.application.citizen
    return company or citizen.get_full_name() or iin


def document_content(
    *, case: Case, document_id: str, language: str, issued_at: datetime.datetime
) -> dict[str, Any]:
    """The facts printed on the document for ``case``, in ``language``."""
    service = case.service
    result = service.definition.get("result", {})
    with translation.override(language):
        rows = [
            {"label": gettext("Application reference"), "value": case.application.reference},
            *(
                {"label": row.label, "value": row.value}
                for row in [*extract_rows(case, skip=PRINTED_ABOVE), *form_rows(case)]
            ),
        ]
    return {
        "id": document_id,
        "language": language,
        "kind": result.get("kind", "decision"),
        "title": pick(result.get("title") or service.title, language),
        "service": pick(service.title, language),
        "service_slug": service.slug,
        "agency": pick(case.agency.name, language),
        "agency_slug": case.agency.slug,
        "holder_name": holder_name(case, language),
        "holder_iin": case.application.subject_bin or case.application.subject_iin,
        "holder_kind": "company" if case.application.subject_bin else "person",
        "case": str(case.pk),
        "application_reference": case.application.reference,
        "decided_on": (case.decided_at or issued_at).date().isoformat(),
        "issued_at": issued_at.isoformat(),
        "rows": rows,
        "verify_url": verify_url(document_id),
    }
