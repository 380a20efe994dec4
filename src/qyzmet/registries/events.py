"""Registry events: a birth registered, a person reaching pension age, a death registered, an
employment ended. Each is one write path that changes what the registry holds (a new child,
a date of death, an ended contract), records the ``RegistryEvent`` and its audit record in
one transaction, and hands the event to the subscribers (the offers app enqueues the job
that turns it into offers, so a rolled-back event leaves no job behind).

An event is recorded once per fact (``RegistryEvent.key``, which names people by the keyed
hash of their IIN): recording it again returns the first one and tells nobody twice. Audit
records name people the same way, never by IIN.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.registries.births import child_of
from qyzmet.registries.checks import PENSION_AGE
from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import Employment, Person, RegistryEvent

Kind = RegistryEvent.Kind
Subscriber = Callable[[RegistryEvent], None]
_subscribers: list[Subscriber] = []
RETIREMENT_CATCH_UP = datetime.timedelta(days=31)  # a missed daily run is caught up on


def event_key(kind: str, iin: str, *more: str) -> str:
    """The key of one fact about a person: ``death:<keyed hash of the IIN>``."""
    return ":".join((kind, subject_digest(iin), *more))


def _pseudonymous(details: dict[str, Any]) -> dict[str, Any]:
    """Details fit for the audit log: every ``..._iin`` replaced by its keyed hash."""
    return {
        (f"{name[:-4]}_digest" if name.endswith("_iin") else name): (
            subject_digest(value) if name.endswith("_iin") and value else value
        )
        for name, value in details.items()
    }


def subscribe(subscriber: Subscriber) -> None:
    """Call ``subscriber(event)`` inside the transaction of every new event (once each)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def record_registry_event(
    *,
    kind: str,
    subject_iin: str,
    occurred_on: datetime.date,
    key: str,
    channel: str,
    details: dict[str, Any] | None = None,
    actor: Any | None = None,
) -> tuple[RegistryEvent, bool]:
    """Record the event (or find it when its ``key`` is recorded already), audit it and tell
    the subscribers; the event and whether this call recorded it. Call it inside the
    transaction that changed the registry."""
    with transaction.atomic():
        earlier = RegistryEvent.objects.select_for_update().filter(key=key).first()
        if earlier is not None:
            return earlier, False
        event = RegistryEvent.objects.create(
            kind=kind, subject_iin=subject_iin, occurred_on=occurred_on, key=key,
            channel=channel, details=details or {},
        )  # fmt: skip
        record_audit(
            actor=actor, action=f"registry_event.{kind}", obj=event, channel=channel,
            details=_pseudonymous({"subject_iin": subject_iin, **(details or {})}),
        )  # fmt: skip
        for subscriber in _subscribers:
            subscriber(event)
    return event, True


def _person(iin: str) -> Person:
    try:
        parse_iin(iin)
    except InvalidIdentifier as wrong:
        raise Invalid(f"iin.{wrong.problem.value}") from None
    person = find_person(iin)
    if person is None:
        raise NotFound("not_found.person")
    return person


def _living(person: Person) -> Person:
    if person.death_date is not None:
        raise Conflict("registry_event.person_dead")
    return person


def register_birth(
    *,
    mother_iin: str,
    father_iin: str | None,
    channel: str,
    first_name: str = "",
    sex: str = Person.Sex.FEMALE,
    born_on: datetime.date | None = None,
    actor: Any | None = None,
) -> RegistryEvent:
    """Register a newborn in the population registry with their parents and record the birth."""
    born_on = born_on or timezone.localdate()
    if born_on > timezone.localdate():
        raise Invalid("registry_event.in_future")
    if sex not in Person.Sex.values:
        raise Invalid("registry_event.sex")
    mother = _living(_person(mother_iin))
    father = _living(_person(father_iin)) if father_iin else None
    if mother.sex != Person.Sex.FEMALE or (father is not None and father.sex != Person.Sex.MALE):
        raise Invalid("registry_event.parents_sex")
    with transaction.atomic():
        child = child_of(mother=mother, father=father, first_name=first_name, sex=sex,
                         born=born_on)  # fmt: skip
        event, _ = record_registry_event(
            kind=Kind.BIRTH, subject_iin=child.iin, occurred_on=born_on,
            key=event_key("birth", child.iin), channel=channel, actor=actor,
            details={"mother_iin": mother.iin, "father_iin": father.iin if father else None},
        )  # fmt: skip
    return event


def register_death(
    *, iin: str, channel: str, died_on: datetime.date | None = None, actor: Any | None = None
) -> RegistryEvent:
    """Record a death: the population registry gets the date of death."""
    died_on = died_on or timezone.localdate()
    if died_on > timezone.localdate():
        raise Invalid("registry_event.in_future")
    with transaction.atomic():
        person = _person(iin)
        earlier = RegistryEvent.objects.filter(key=event_key("death", person.iin)).first()
        if earlier is not None:
            return earlier
        _living(person)
        Person.objects.filter(pk=person.pk).update(death_date=died_on)
        event, _ = record_registry_event(
            kind=Kind.DEATH, subject_iin=person.iin, occurred_on=died_on,
            key=event_key("death", person.iin), channel=channel, actor=actor,
        )  # fmt: skip
    return event


def end_employment(
    *,
    iin: str,
    channel: str,
    reason: str = Employment.EndReason.OTHER,
    ended_on: datetime.date | None = None,
    actor: Any | None = None,
) -> RegistryEvent:
    """Record that the person's employment ended: their open contracts in the labour registry
    end on ``ended_on`` for ``reason`` (refused when they have none)."""
    ended_on = ended_on or timezone.localdate()
    if reason not in Employment.EndReason.values:
        raise Invalid("registry_event.reason")
    with transaction.atomic():
        person = _living(_person(iin))
        contracts = person.employments.filter(ended_on__isnull=True)
        employers = list(contracts.values_list("employer_name", flat=True))
        if not employers:
            raise Conflict("registry_event.not_employed")
        contracts.update(ended_on=ended_on, end_reason=reason)
        event, _ = record_registry_event(
            kind=Kind.EMPLOYMENT_ENDED, subject_iin=person.iin, occurred_on=ended_on,
            key=event_key("employment-ended", person.iin, ended_on.isoformat()), channel=channel,
            actor=actor, details={"reason": reason, "employers": employers},
        )  # fmt: skip
    return event


def pension_age(person: Person) -> int:
    return PENSION_AGE[Person.Sex(person.sex)]


def record_retirement(
    *, iin: str, channel: str, on: datetime.date | None = None, actor: Any | None = None
) -> RegistryEvent:
    """Record that the person reaches pension age (refused before they do)."""
    on = on or timezone.localdate()
    person = _living(_person(iin))
    if age_on(person, on) < pension_age(person):
        raise Conflict("registry_event.not_pension_age")
    event, _ = record_registry_event(
        kind=Kind.RETIREMENT, subject_iin=person.iin, occurred_on=_birthday(person),
        key=event_key("retirement", person.iin), channel=channel, actor=actor,
    )  # fmt: skip
    return event


def _birthday(person: Person) -> datetime.date:
    """The day the person reaches pension age (28 February for 29 February)."""
    born, years = person.birth_date, pension_age(person)
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def record_retirements(*, today: datetime.date | None = None, channel: str = "jobs") -> int:
    """The daily job: a retirement event for everyone alive who reached pension age in the
    last month (so a missed day is caught up on) and has none yet; how many were recorded."""
    today = today or timezone.localdate()
    since = today - RETIREMENT_CATCH_UP
    recorded = 0
    for sex, years in PENSION_AGE.items():
        born = Person.objects.filter(
            sex=sex, death_date__isnull=True,
            birth_date__gt=_years_before(since, years), birth_date__lte=_years_before(today, years),
        )  # fmt: skip
        done = RegistryEvent.objects.filter(kind=Kind.RETIREMENT).values("subject_iin_digest")
        due = born.exclude(iin_digest__in=done).only("id", "iin", "birth_date")
        for person in sorted(due, key=lambda p: (p.birth_date, p.pk)):  # encrypted: sorted here
            record_retirement(iin=person.iin, channel=channel, on=today)
            recorded += 1
    return recorded


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
