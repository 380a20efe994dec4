"""Mandates an officer records from a paper: a notarised power of attorney, or a guardianship
or care appointed by a court or the guardianship body. In force at once; both people are told.
Only officers of the agency that records mandates (``agency.py``) may; the officer sees who the
registry says both people are, because they check the paper against it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.texts import Text
from qyzmet.representation import notices, registry, rules
from qyzmet.representation.agency import may_record
from qyzmet.representation.mandates import both
from qyzmet.representation.models import Mandate, MandateKind, MandateStatus

RECORDED_KINDS = (MandateKind.NOTARISED, MandateKind.GUARDIANSHIP)
MAX_REFERENCE = 200


def record_mandate(
    *,
    officer: Any,
    kind: str,
    principal_iin: str,
    representative_iin: str,
    services: Iterable[str],
    until: datetime.date | None,
    document_reference: str,
    channel: str,
    today: datetime.date | None = None,
) -> Mandate:
    """Record a notarised mandate or a guardianship (``kind``) that the paper with
    ``document_reference`` proves: in force at once, until the end of ``until``."""
    if not may_record(officer):
        raise Forbidden("mandate.officer_agency")
    today = today or timezone.localdate()
    principal_iin, representative_iin = principal_iin.strip(), representative_iin.strip()
    reference = " ".join(document_reference.split())
    slugs = sorted(set(services))
    problems = []
    if kind not in RECORDED_KINDS:
        problems.append(rules.Problem("kind", "mandate.kind"))
    problems += rules.people_problems(principal_iin, representative_iin)
    problems += rules.service_problems(slugs)
    years = rules.MAX_GUARDIANSHIP_YEARS if kind == MandateKind.GUARDIANSHIP else rules.MAX_YEARS
    problems += rules.until_problems(until, today=today, years=years)
    if not reference or len(reference) > MAX_REFERENCE:
        problems.append(rules.Problem("document_reference", "mandate.document_reference"))
    if problems:
        raise Invalid("mandate.invalid", problems)
    assert until is not None
    names: dict[str, Text] = {}
    for field, iin in (
        ("principal_iin", principal_iin),
        ("representative_iin", representative_iin),
    ):
        person = registry.living(iin)
        if person is None:
            problems.append(rules.Problem(field, "mandate.person_not_found"))
        names[field] = registry.full_name(person)
    if problems:
        raise Invalid("mandate.invalid", problems)
    with transaction.atomic():
        mandate = Mandate.objects.create(
            kind=kind, status=MandateStatus.ACTIVE, principal_iin=principal_iin,
            representative_iin=representative_iin, principal_name=names["principal_iin"],
            representative_name=names["representative_iin"], services=slugs, until=until,
            document_reference=reference, granted_by=officer, channel=channel,
            accepted_at=timezone.now(),
        )  # fmt: skip
        record_audit(
            actor=officer, action="mandate.recorded", obj=mandate, channel=channel,
            details=both(mandate, services=slugs, until=until.isoformat(), document=reference),
        )  # fmt: skip
        values = {
            **notices.context(mandate),
            "agency": officer.agency.name,
            "document": reference,
        }
        for iin in (principal_iin, representative_iin):
            notices.tell(notices.account_of(iin), kind="mandate.recorded", values=values)
    return mandate
