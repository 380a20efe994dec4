"""An officer opening a centre's list of a day reads the personal data of the people who come
(name, reference, service): each person's data tracker says so, once per visit, officer and
day, however often the list is opened again that day."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.appointments.models import Visit
from qyzmet.audit.services import record_audit
from qyzmet.catalog.centres import ServiceCentre
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.models import DataAccess

TRACKER_REGISTRY = "appointments"  # how an officer's reading of the list is named in the tracker
TRACKER_FIELD = "appointments.day_list"
TRACKER_SYSTEM = "backoffice"


def _message_id(visit: Visit, officer: Any, day: Any) -> str:
    """The same for one visit, officer and day: a second write of it is a conflict, ignored."""
    key = f"centre-day:{visit.pk}:{officer.pk}:{day.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()


def record_day_list_read(
    *, officer: Any, centre: ServiceCentre, visits: Sequence[Visit], channel: str
) -> int:
    """Write to the tracker of each person on the list (``visits``, as shown) that ``officer``
    read their visit today, unless already written today; one audit record when any is new.
    Returns how many were written now."""
    today = timezone.localdate()
    wanted = {_message_id(visit, officer, today): visit for visit in visits}
    known = set(
        DataAccess.objects.filter(message_id__in=list(wanted)).values_list("message_id", flat=True)
    )
    new = {message_id: visit for message_id, visit in wanted.items() if message_id not in known}
    if not new:
        return 0
    with transaction.atomic():
        audit = record_audit(
            actor=officer, action="visit.day_list_read", obj=centre, channel=channel,
            details={"day": today.isoformat(), "visits": [str(v.pk) for v in new.values()]},
        )  # fmt: skip
        DataAccess.objects.bulk_create(
            [
                DataAccess(
                    message_id=message_id,
                    client_agency=centre.agency.slug,
                    client_system=TRACKER_SYSTEM,
                    subject=subject_digest(visit.case.application.subject_iin),
                    registry=TRACKER_REGISTRY,
                    provider_agency=centre.agency.slug,
                    fields=[TRACKER_FIELD],
                    purpose_kind=DataAccess.PurposeKind.CASE,
                    purpose_ref=str(visit.case_id),
                    outcome=DataAccess.Outcome.GRANTED,
                    audit_record=audit.pk,
                )
                for message_id, visit in new.items()
            ],
            ignore_conflicts=True,  # another tab opened it at the same moment
        )
    return len(new)
