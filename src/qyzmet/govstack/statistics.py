"""Statistics: decided cases per period, open to everybody like qyzmet's statistics page.

``registrationName`` names a service (its id or title), ``role`` an agency (its id or name),
``operator`` an officer (user name or full name). Figures per officer are for officers of the
same agency only: to anybody else no operator is found. ``sentBack`` counts the cases sent
back for correction in the period (by the day sent back), and ``processed`` is ``approved``
plus ``rejected`` plus ``sentBack``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Query, Router

from qyzmet.catalog.models import Agency, Service
from qyzmet.catalog.selectors import current_services
from qyzmet.govstack.auth import OPEN, acting_officer
from qyzmet.govstack.client import ClientHeader, parse_client
from qyzmet.govstack.errors import GovStackError
from qyzmet.govstack.schemas import StatisticsFilters
from qyzmet.quality.periods import PeriodFigures, TooManyPeriods, decisions_by_period
from qyzmet.quality.selectors import agency_choices

router = Router(tags=["Statistics API"])
LIMIT = 1000


def _not_found() -> GovStackError:
    return GovStackError(404, "govstack.statistics_not_found")


def _service(name: str) -> Service:
    wanted = name.casefold()
    for service in current_services():
        assert service.current is not None
        names = [service.slug, *service.current.title.values()]
        if wanted in (n.casefold() for n in names):
            return service
    raise _not_found()


def _agency(role: str) -> Agency:
    wanted = role.casefold()
    for agency in agency_choices():
        if wanted in (n.casefold() for n in [agency.slug, *dict(agency.name).values()]):
            return agency
    raise _not_found()


def _operator(request: HttpRequest, name: str) -> Any:
    caller = acting_officer(request)
    if caller is None:
        raise _not_found()
    colleagues = get_user_model().objects.filter(agency_id=caller.agency_id).order_by("pk")
    found = colleagues.filter(username=name).first()
    if found is None:  # names are encrypted: compared here, among the agency's officers
        wanted = name.casefold()
        found = next((o for o in colleagues if o.get_full_name().casefold() == wanted), None)
    if found is None:
        raise _not_found()
    return found


def statistics_out(figures: PeriodFigures, filters: StatisticsFilters) -> dict[str, Any]:
    references: dict[str, Any] = {
        "startDate": figures.start.isoformat(),
        "endDate": figures.end.isoformat(),
        **{
            key: value
            for key, value in (
                ("registrationName", filters.registrationName),
                ("operator", filters.operator),
                ("role", filters.role),
            )
            if value
        },
        **{
            f"timeframe{t.title()}": filters.timeframe == t
            for t in ("day", "week", "month", "year")
        },
    }
    return {
        "processed": figures.decided + figures.sent_back,
        "approved": figures.approved,
        "sentBack": figures.sent_back,
        "rejected": figures.rejected,
        "references": references,
    }


@router.get("/data/statistics", auth=OPEN)
def statistics(
    request: HttpRequest, filters: Query[StatisticsFilters], client: str | None = ClientHeader
) -> list[dict[str, Any]]:
    """Approved and rejected cases decided from ``startDate`` to ``endDate``: one total, or
    one entry per day, week, month or year (``timeframe``)."""
    parse_client(client)
    if filters.startDate and filters.endDate and filters.endDate < filters.startDate:
        raise GovStackError(400, "govstack.dates_reversed")
    narrowing: dict[str, Any] = {}
    if filters.registrationName:
        narrowing["service"] = _service(filters.registrationName)
    if filters.role:
        narrowing["agency"] = _agency(filters.role)
    if filters.operator:
        narrowing["officer"] = _operator(request, filters.operator)
    try:
        found = decisions_by_period(
            start=filters.startDate, end=filters.endDate, timeframe=filters.timeframe,
            limit=LIMIT, **narrowing,
        )  # fmt: skip
    except TooManyPeriods as error:
        raise GovStackError(400, "govstack.too_many_periods", {"limit": error.limit}) from None
    return [statistics_out(f, filters) for f in found]
