"""Hiding an access from the citizen's data tracker for an investigation, and lifting it early.

An access is hidden once at most, from when the concealment is recorded until a date no more
than ``TRACKER_LONGEST_CONCEALMENT_DAYS`` later, on a coded legal basis with the number of the
decision it rests on and who asked. Each is audited. Nothing is ever deleted or moved: the
tracker leaves out an access only while its concealment runs (``selectors.accesses_of``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.exchange.models import DataAccess
from qyzmet.formats import date_text
from qyzmet.tracker.bases import CONCEALMENT_BASES
from qyzmet.tracker.models import Concealment

REFERENCE_LENGTH = 100  # Concealment.reference
REQUESTED_BY_LENGTH = 200  # Concealment.requested_by


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    params: dict[str, Any] | None = None


def longest_concealment() -> datetime.timedelta:
    return datetime.timedelta(days=settings.TRACKER_LONGEST_CONCEALMENT_DAYS)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def check_concealment(
    *,
    message_id: str,
    basis: str,
    reference: str,
    requested_by: str,
    until: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> DataAccess:
    """The access to hide, or ``Invalid`` naming every field in error: an unknown request id,
    a basis not in ``CONCEALMENT_BASES``, no reference or requester, an end in the past or
    beyond the longest period."""
    now = now or timezone.now()
    problems: list[Problem] = []
    access = DataAccess.objects.filter(message_id=(message_id or "").strip()).first()
    if access is None:
        problems.append(Problem("message_id", "not_found.data_access"))
    if basis not in CONCEALMENT_BASES:
        problems.append(Problem("basis", "tracker.basis", {"bases": ", ".join(CONCEALMENT_BASES)}))
    if not (reference or "").strip() or len(reference.strip()) > REFERENCE_LENGTH:
        problems.append(Problem("reference", "tracker.reference"))
    if not (requested_by or "").strip() or len(requested_by.strip()) > REQUESTED_BY_LENGTH:
        problems.append(Problem("requested_by", "tracker.requested_by"))
    latest = now + longest_concealment()
    if until is None:
        problems.append(Problem("until", "required"))
    elif _aware(until) <= now:
        problems.append(Problem("until", "tracker.until_past"))
    elif _aware(until) > latest:
        days = settings.TRACKER_LONGEST_CONCEALMENT_DAYS
        shown = f"{timezone.localtime(latest):%Y-%m-%d %H:%M}"
        problems.append(Problem("until", "tracker.too_long", {"days": days, "latest": shown}))
    if problems or access is None:
        raise Invalid("tracker.invalid", problems)
    return access


def hide_access(
    *,
    message_id: str,
    basis: str,
    reference: str,
    requested_by: str,
    until: datetime.datetime | None,
    actor: Any | None,
    channel: str,
    now: datetime.datetime | None = None,
) -> Concealment:
    """Hide the access with ``message_id`` from its citizen until ``until``; audited. An access
    hidden before, even if it shows again now, is a conflict: it is hidden once at most."""
    now = now or timezone.now()
    with transaction.atomic():
        checked = check_concealment(
            message_id=message_id, basis=basis, reference=reference,
            requested_by=requested_by, until=until, now=now,
        )  # fmt: skip
        access = DataAccess.objects.select_for_update().get(pk=checked.pk)
        earlier = Concealment.objects.filter(access=access).first()
        if earlier is not None:
            ended = timezone.localtime(earlier.lifted_at or earlier.until)
            raise Conflict("tracker.already_hidden", {"until": date_text(ended)})
        assert until is not None  # checked above
        concealment = Concealment.objects.create(
            access=access,
            basis=basis,
            reference=reference.strip(),
            requested_by=requested_by.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
            hidden_at=now,
            until=_aware(until),
        )
        record_audit(
            actor=actor,
            action="tracker.hide",
            obj=concealment,
            channel=channel,
            details={
                "message_id": access.message_id,
                "basis": basis,
                "reference": concealment.reference,
                "requested_by": concealment.requested_by,
                "until": concealment.until.isoformat(),
            },
        )
    return concealment


def lift_concealment(
    *, message_id: str, actor: Any | None, channel: str, now: datetime.datetime | None = None
) -> Concealment:
    """End the concealment of an access before its date (the investigation no longer needs
    it): the access shows in the tracker at once. Audited."""
    now = now or timezone.now()
    with transaction.atomic():
        concealment = (
            Concealment.objects.select_for_update()
            .filter(access__message_id=(message_id or "").strip())
            .first()
        )
        if concealment is None or not concealment.hides_at(now):
            raise Conflict("tracker.not_hidden")
        concealment.lifted_at = now
        concealment.save(update_fields=["lifted_at"])
        record_audit(
            actor=actor,
            action="tracker.lift",
            obj=concealment,
            channel=channel,
            details={"message_id": message_id, "lifted_at": now.isoformat()},
        )
    return concealment
