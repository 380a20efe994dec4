"""The write paths of visits: book, move and cancel a case's visit to a service centre (the
applicant, or a partner acting for them), and record at the centre that it happened or that
nobody came (an officer of the centre's agency). Each in one transaction, audited, with a line
in the case's history."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.applications.history import record_case_event
from qyzmet.applications.models import PENDING_CASE_STATUSES, Case, CaseStatus
from qyzmet.appointments.models import HOLDING_A_PLACE, Visit, VisitStatus
from qyzmet.appointments.slots import last_bookable_day, slot_at
from qyzmet.audit.services import record_audit
from qyzmet.catalog.centres import ServiceCentre
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.formats import date_text

BOOKABLE_CASE_STATUSES = (CaseStatus.AWAITING_PAYMENT, *PENDING_CASE_STATUSES)


def _place_of(visit: Visit) -> str:
    local = timezone.localtime(visit.starts_at)
    return f"{visit.centre.slug} {local:%Y-%m-%d %H:%M}"


def _check_slot(
    *, case: Case, centre: ServiceCentre, starts_at: datetime.datetime, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime, int]:
    service = case.service.slug
    if case.service.visit is None:
        raise Invalid("visit.not_needed")
    if case.status not in BOOKABLE_CASE_STATUSES:
        raise Conflict("visit.case_closed")
    if centre.slot_rule(service) is None:
        raise Invalid("visit.centre_not_serving")
    if starts_at <= now:
        raise Invalid("visit.past")
    after_last = datetime.datetime.combine(
        last_bookable_day(now) + datetime.timedelta(days=1), datetime.time.min,
        tzinfo=timezone.get_default_timezone(),
    )  # fmt: skip
    if starts_at >= after_last:  # as instants: 9999-12-31T23:00-05:00 has no local date
        too_far = Invalid("visit.too_far")
        too_far.params = {"date": date_text(last_bookable_day(now))}
        raise too_far
    slot = slot_at(centre=centre, service=service, starts_at=starts_at)
    if slot is None:
        raise Invalid("visit.no_slot")
    return slot


def _too_soon(case: Case, starts_at: datetime.datetime, *, moving: Visit | None) -> None:
    """The catalogue's rule: two visits of one person for one service at least N days apart
    (booked, made or missed ones; a cancelled one frees its days)."""
    days = int(case.service.visit["once_in_days"])  # type: ignore[index]
    window = datetime.timedelta(days=days)
    others = Visit.objects.filter(
        service=case.service.slug,
        status__in=HOLDING_A_PLACE,
        case__application__subject_iin_digest=case.application.subject_iin_digest,
        starts_at__gt=starts_at - window,
        starts_at__lt=starts_at + window,
    )
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    other = others.select_related("centre").first()
    if other is not None:
        raise Conflict("visit.too_soon", {"date": date_text(other.starts_at), "days": days})


def _hold_place(visit: Visit, capacity: int) -> Visit:
    """Save ``visit`` in the first free place of its slot; the unique constraint refuses a
    place another transaction took meanwhile, and the next place is tried."""
    for place in range(1, capacity + 1):
        taken = Visit.objects.filter(
            centre=visit.centre,
            service=visit.service,
            starts_at=visit.starts_at,
            place=place,
            status__in=HOLDING_A_PLACE,
        ).exclude(pk=visit.pk)
        if taken.exists():
            continue
        visit.place = place
        try:
            with transaction.atomic():
                visit.save()
        except IntegrityError:
            continue  # taken by a booking that committed meanwhile
        return visit
    raise Conflict("visit.slot_full")


def _lock_person(case: Case) -> None:
    # One booking of one applicant at a time, so the N-days rule holds under races too.
    users = get_user_model().objects.select_for_update()
    list(users.filter(pk=case.application.citizen_id).values_list("pk", flat=True))


def booked_visit(case: Case) -> Visit | None:
    return case.visits.filter(status=VisitStatus.BOOKED).select_related("centre").first()


def book_visit(
    *,
    case: Case,
    centre: ServiceCentre,
    starts_at: datetime.datetime,
    actor: Any,
    channel: str,
    now: datetime.datetime | None = None,
) -> Visit:
    """Book the case's visit at ``centre`` in the slot starting at ``starts_at``."""
    now = now or timezone.now()
    starts_at, ends_at, capacity = _check_slot(
        case=case, centre=centre, starts_at=starts_at, now=now
    )
    with transaction.atomic():
        _lock_person(case)
        if booked_visit(case) is not None:
            raise Conflict("visit.already_booked")
        _too_soon(case, starts_at, moving=None)
        visit = _hold_place(
            Visit(
                case=case, centre=centre, service=case.service.slug, starts_at=starts_at,
                ends_at=ends_at, status=VisitStatus.BOOKED, booked_by=actor, channel=channel,
            ),
            capacity,
        )  # fmt: skip
        record_audit(actor=actor, action="visit.booked", obj=visit, channel=channel,
                     details={"case": str(case.pk), "at": _place_of(visit)})  # fmt: skip
        record_case_event(
            case=case, event="visit_booked", actor=actor, channel=channel, note=_place_of(visit)
        )
    return visit


def _booked(case: Case) -> Visit:
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("centre")
        .filter(case=case, status=VisitStatus.BOOKED)
        .first()
    )
    if visit is None:
        raise NotFound("visit.none")
    return visit


def move_visit(
    *,
    case: Case,
    centre: ServiceCentre,
    starts_at: datetime.datetime,
    actor: Any,
    channel: str,
    now: datetime.datetime | None = None,
) -> Visit:
    """Move the case's booked visit to another slot (of the same or another centre)."""
    now = now or timezone.now()
    starts_at, ends_at, capacity = _check_slot(
        case=case, centre=centre, starts_at=starts_at, now=now
    )
    with transaction.atomic():
        _lock_person(case)
        visit = _booked(case)
        if visit.starts_at <= now:
            raise Conflict("visit.started")
        before = _place_of(visit)
        _too_soon(case, starts_at, moving=visit)
        visit.centre, visit.starts_at, visit.ends_at = centre, starts_at, ends_at
        visit.reminded_at = None  # the new day gets its own reminder
        _hold_place(visit, capacity)
        record_audit(actor=actor, action="visit.moved", obj=visit, channel=channel,
                     details={"from": before, "to": _place_of(visit)})  # fmt: skip
        record_case_event(
            case=case, event="visit_moved", actor=actor, channel=channel, note=_place_of(visit)
        )
    return visit


def cancel_visit(
    *, case: Case, actor: Any, channel: str, now: datetime.datetime | None = None
) -> Visit:
    """Cancel the case's booked visit before it starts; its place is free again."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = _booked(case)
        if visit.starts_at <= now:
            raise Conflict("visit.started")
        visit.status = VisitStatus.CANCELLED
        visit.save(update_fields=["status"])
        record_audit(actor=actor, action="visit.cancelled", obj=visit, channel=channel)
        record_case_event(
            case=case, event="visit_cancelled", actor=actor, channel=channel, note=_place_of(visit)
        )
    return visit


def record_visit(
    *,
    visit: Visit,
    officer: Any,
    happened: bool,
    outcome: str = "",
    channel: str,
    now: datetime.datetime | None = None,
) -> Visit:
    """An officer of the centre's agency records, from the visit's day on, that it happened
    (and what was done: "photo and fingerprints taken") or that nobody came."""
    now = now or timezone.now()
    if officer.agency_id is None or officer.agency_id != visit.centre.agency_id:
        record_audit(actor=officer, action="visit.access_denied", obj=visit, channel=channel)
        raise Forbidden("visit.other_centre")
    outcome = outcome.strip()
    if happened and not outcome:
        raise Invalid("visit.outcome_required")
    with transaction.atomic():
        locked = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("centre", "case__application", "case__service")
            .get(pk=visit.pk)
        )
        if locked.status != VisitStatus.BOOKED:
            raise Conflict("visit.not_booked")
        if timezone.localtime(locked.starts_at).date() > timezone.localdate(now):
            raise Conflict("visit.not_yet")
        locked.status = VisitStatus.HAPPENED if happened else VisitStatus.MISSED
        locked.outcome = outcome
        locked.recorded_by, locked.recorded_at = officer, now
        locked.save(update_fields=["status", "outcome", "recorded_by", "recorded_at"])
        record_audit(actor=officer, action=f"visit.{locked.status}", obj=locked, channel=channel)
        record_case_event(
            case=locked.case, event=f"visit_{locked.status}", actor=officer, channel=channel,
            note=outcome or _place_of(locked),
        )  # fmt: skip
    return locked


def release_visits(case: Case) -> int:
    """A case withdrawn or rejected needs no visit: its booked one is cancelled and its place
    freed, in the transaction of that change (a listener of ``applications.history``)."""
    if case.status not in (CaseStatus.WITHDRAWN, CaseStatus.REJECTED):
        return 0
    released = 0
    for visit in Visit.objects.select_for_update(of=("self",)).filter(
        case=case, status=VisitStatus.BOOKED
    ):
        visit.status = VisitStatus.CANCELLED
        visit.save(update_fields=["status"])
        record_audit(actor=None, action="visit.released", obj=visit, channel="system",
                     details={"case_status": case.status})  # fmt: skip
        released += 1
    return released
