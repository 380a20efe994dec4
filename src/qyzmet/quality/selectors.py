"""Reading service quality: figures per life situation (with the whole journey), per agency
and per service, and one agency's dashboard. Counts, shares and means are aggregated by the
database; percentiles too on PostgreSQL (see ``percentiles``). Every period counts the
applications *submitted* in it, so a period's figures only grow as its cases are decided."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from qyzmet.applications.models import (
    DECIDED_CASE_STATUSES,
    PENDING_CASE_STATUSES,
    Application,
    Case,
    CaseStatus,
)
from qyzmet.casework.appeal_models import Appeal, AppealOutcome
from qyzmet.catalog.models import Agency, LifeSituation, Service
from qyzmet.core.errors import NotFound
from qyzmet.quality.figures import (
    AgencyDashboard,
    Comment,
    Figures,
    Journey,
    Row,
    Statistics,
)
from qyzmet.quality.models import HIGHEST_SCORE, LOWEST_SCORE, Rating
from qyzmet.quality.percentiles import hours_percentiles
from qyzmet.quality.stage_times import stage_times_by_service

BY_SERVICE = "service__service_id"
BY_AGENCY = "agency_id"
BY_LIFE_SITUATION = "application__life_situation__life_situation_id"
PERIODS = (30, 90, 365)
LATEST_COMMENTS = 10


def agency_choices() -> QuerySet[Agency]:
    """The agencies a reader can narrow the statistics to."""
    return Agency.objects.order_by("slug")


def agency_by_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).first() if slug else None


def case_to_rate(*, citizen: Any, case_id: Any) -> Case:
    """The citizen's case with what its rating page shows; another's is simply not found."""
    case = (
        Case.objects.select_related("application", "service", "agency", "rating")
        .filter(pk=case_id, application__citizen_id=getattr(citizen, "pk", None))
        .first()
    )
    if case is None:
        raise NotFound("not_found.case")
    return case


def _since(days: int | None, now: datetime.datetime) -> datetime.datetime | None:
    return now - datetime.timedelta(days=days) if days else None


def _cases(*, since: datetime.datetime | None, agency: Agency | None) -> QuerySet[Case]:
    cases = Case.objects.order_by()
    if since is not None:
        cases = cases.filter(application__submitted_at__gte=since)
    if agency is not None:
        cases = cases.filter(agency=agency)
    return cases


def figures_by(cases: QuerySet[Case], group: str, *, today: datetime.date) -> dict[Any, Figures]:
    """The figures of ``cases`` per value of ``group`` (two queries)."""
    decided = Q(status__in=DECIDED_CASE_STATUSES)
    counted = cases.values(group).annotate(
        applications=Count("application_id", distinct=True),
        cases=Count("pk"),
        decided=Count("pk", filter=decided),
        approved=Count("pk", filter=Q(status=CaseStatus.APPROVED)),
        # ``__date`` is the local date (settings.TIME_ZONE), as due dates are.
        decided_on_time=Count("pk", filter=decided & Q(decided_at__date__lte=F("due_date"))),
        overdue=Count("pk", filter=Q(status__in=PENDING_CASE_STATUSES, due_date__lt=today)),
        ratings=Count("rating"),
        mean_rating=Avg("rating__score"),
    )
    durations = hours_percentiles(
        cases.filter(decided), group=group, start="application__submitted_at", end="decided_at",
        less="time_in_correction",  # the citizen's time correcting is not the agency's
    )  # fmt: skip
    found = {}
    for row in counted:
        key = row.pop(group)
        _, median, p90 = durations.get(key, (0, None, None))
        found[key] = Figures(**row, median_hours=median, p90_hours=p90)
    return found


def journeys_by_life_situation(
    *, since: datetime.datetime | None, agency: Agency | None
) -> dict[Hashable, Journey]:
    """Per life situation: applications whose every case is decided, from submission to the
    last decision. With ``agency``, the applications in which that agency had a case."""
    cases = Case.objects.filter(application=OuterRef("pk")).order_by()
    last_decision = (
        cases.filter(status__in=DECIDED_CASE_STATUSES)
        .values("application")
        .annotate(last=Max("decided_at"))
        .values("last")
    )
    applications = Application.objects.filter(
        Exists(cases.filter(status__in=DECIDED_CASE_STATUSES)),
        ~Exists(cases.filter(status__in=(*PENDING_CASE_STATUSES, CaseStatus.SENT_BACK))),
        life_situation__isnull=False,
    )
    if since is not None:
        applications = applications.filter(submitted_at__gte=since)
    if agency is not None:
        applications = applications.filter(Exists(cases.filter(agency=agency)))
    applications = applications.annotate(
        last_decision=Subquery(last_decision, output_field=DateTimeField())
    )
    durations = hours_percentiles(
        applications, group="life_situation__life_situation_id", start="submitted_at",
        end="last_decision",
    )  # fmt: skip
    return {key: Journey(*values) for key, values in durations.items()}


def service_quality(
    *, days: int | None = None, agency: Agency | None = None, now: datetime.datetime | None = None
) -> Statistics:
    """The figures of the public statistics page and the open data, for the applications
    submitted in the last ``days`` (all time by default), optionally of one ``agency``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = _since(days, now)
    cases = _cases(since=since, agency=agency)
    by_service = figures_by(cases, BY_SERVICE, today=today)
    by_agency = figures_by(cases, BY_AGENCY, today=today)
    in_situations = cases.filter(application__life_situation__isnull=False)
    by_situation = figures_by(in_situations, BY_LIFE_SITUATION, today=today)
    journeys = journeys_by_life_situation(since=since, agency=agency)

    appeals = appeals_of_cases(cases)
    stage_times = stage_times_by_service(cases)
    services = Service.objects.filter(pk__in=by_service).select_related("current", "agency")
    situations = LifeSituation.objects.filter(pk__in=by_situation).select_related("current")
    return Statistics(
        life_situations=[
            Row(
                id=s.pk,
                slug=s.slug,
                title=s.current.title if s.current else {},
                figures=by_situation[s.pk],
                journey=journeys.get(s.pk, Journey()),
            )
            for s in situations.order_by("slug")
        ],
        agencies=[
            Row(id=a.pk, slug=a.slug, title=dict(a.name), figures=by_agency[a.pk])
            for a in Agency.objects.filter(pk__in=by_agency).order_by("slug")
        ],
        services=[
            Row(
                id=s.pk,
                slug=s.slug,
                title=s.current.title if s.current else {},
                figures=by_service[s.pk],
                agency_slug=s.agency.slug,
                agency_name=dict(s.agency.name),
                appeals=appeals.get(s.pk, (0, 0))[0],
                appeals_upheld=appeals.get(s.pk, (0, 0))[1],
                stages=tuple(stage_times.get(s.pk, ())),
            )
            for s in services.order_by("slug")
        ],
        generated_at=now,
        days=days,
        agency_slug=agency.slug if agency else "",
    )


def appeals_of_cases(cases: QuerySet[Case]) -> dict[Any, tuple[int, int]]:
    """Per service of ``cases``: the appeals filed against them and how many were upheld."""
    rows = (
        Appeal.objects.filter(case__in=cases.values("pk"))
        .order_by()
        .values("case__service__service")
        .annotate(filed=Count("pk"), upheld=Count("pk", filter=Q(outcome=AppealOutcome.UPHELD)))
    )
    return {r["case__service__service"]: (r["filed"], r["upheld"]) for r in rows}


def _scores(ratings: QuerySet[Rating]) -> dict[int, int]:
    counted = dict(ratings.order_by().values_list("score").annotate(n=Count("pk")))
    return {score: counted.get(score, 0) for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)}


def _latest_comments(ratings: QuerySet[Rating]) -> list[Comment]:
    latest = (
        ratings.exclude(comment="")
        .select_related("case__service")
        .order_by("-updated_at")[:LATEST_COMMENTS]
    )
    return [
        Comment(
            score=r.score,
            comment=r.comment,
            service_title=r.case.service.title,
            rated_at=r.updated_at,
        )
        for r in latest
    ]


def agency_dashboard(
    agency: Agency, *, days: int | None = None, now: datetime.datetime | None = None
) -> AgencyDashboard:
    """One agency's quality: its totals, services, the life situations it takes part in (the
    figures of its own cases in them, and the whole journey), scores and latest comments.
    Comments are shown without who wrote them."""
    stats = service_quality(days=days, agency=agency, now=now)
    ratings = Rating.objects.filter(case__agency=agency)
    since = _since(days, stats.generated_at)
    if since is not None:
        ratings = ratings.filter(case__application__submitted_at__gte=since)
    return AgencyDashboard(
        agency_slug=agency.slug,
        agency_name=dict(agency.name),
        totals=stats.agencies[0].figures if stats.agencies else Figures(),
        services=stats.services,
        life_situations=stats.life_situations,
        scores=_scores(ratings),
        comments=_latest_comments(ratings),
        generated_at=stats.generated_at,
        days=days,
    )
