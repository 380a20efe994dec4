"""Moments and people for the appointment tests: a fixed Monday morning in Astana, so the
slots of the demo centres are known."""

from __future__ import annotations

import datetime
import zoneinfo

from qyzmet.registries.models import Person
from tests.factories import ApplicationFactory, CitizenFactory

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
MONDAY = datetime.datetime(2027, 2, 15, 8, 0, tzinfo=ALMATY)  # no holiday that week


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of February 2027, Almaty time."""
    return datetime.datetime(2027, 2, day, hour, minute, tzinfo=ALMATY)


def another_citizen(n: int = 1):
    iin = (
        Person.objects.filter(death_date__isnull=True, birth_date__lt=datetime.date(1990, 1, 1))
        .order_by("id")
        .values_list("iin", flat=True)[n]
    )
    return CitizenFactory(iin=iin)


def id_card_case(citizen=None):
    """A submitted ID-card application's case (it needs a visit)."""
    kwargs = {"citizen": citizen} if citizen is not None else {}
    return ApplicationFactory(service="id-card", submitted=True, **kwargs).cases.get()
