"""Reads of the registries that take more than one query."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from qyzmet.registries.models import Business, Person, RealEstate, Vehicle
from qyzmet.registries.population import REFERENCE_DATE


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _aged(today: datetime.date, youngest: int, oldest: int | None = None) -> Q:
    """Born so that on ``today`` the age in whole years is between youngest and oldest."""
    born = Q(birth_date__lte=_years_before(today, youngest))
    if oldest is not None:
        born &= Q(birth_date__gt=_years_before(today, oldest + 1))
    return born


def _first_iin(people: QuerySet[Person]) -> str | None:
    return people.order_by("id").values_list("iin", flat=True).first()


def find_demo_people(*, today: datetime.date = REFERENCE_DATE) -> dict[str, str]:
    """IINs of people a demo can sign in as, by role; for each role the lowest id that fits.

    - ``parent``: an adult with a living spouse, a child aged 0-5 and one aged 6-7, who
      owns a vehicle and real estate (kindergarten and first-grade services);
    - ``pensioner``: 63 or older;
    - ``young_adult``: 18-30, unmarried, without a business;
    - ``entrepreneur``: owns an active business.

    Everyone is alive. Ages are counted on ``today``, by default the generator's reference
    date, so the same generated data always gives the same people. A role nobody fits is
    left out.
    """
    living = Person.objects.filter(death_date__isnull=True)
    children = living.filter(Q(mother=OuterRef("pk")) | Q(father=OuterRef("pk")))
    roles = {
        "parent": living.filter(
            _aged(today, 18),
            Exists(children.filter(_aged(today, 0, 5))),
            Exists(children.filter(_aged(today, 6, 7))),
            Exists(Vehicle.objects.filter(owner=OuterRef("pk"))),
            Exists(RealEstate.objects.filter(owner=OuterRef("pk"))),
            spouse__isnull=False,
            spouse__death_date__isnull=True,
        ),
        "pensioner": living.filter(_aged(today, 63)),
        "young_adult": living.filter(
            _aged(today, 18, 30),
            ~Exists(Business.objects.filter(owner=OuterRef("pk"))),
            spouse__isnull=True,
        ),
        "entrepreneur": living.filter(
            Exists(Business.objects.filter(owner=OuterRef("pk"), status=Business.Status.ACTIVE))
        ),
    }
    found = {role: _first_iin(people) for role, people in roles.items()}
    return {role: iin for role, iin in found.items() if iin is not None}
