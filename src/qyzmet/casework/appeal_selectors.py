"""Reading appeals: an appeals officer's queue, a case's appeals, and how many appeals each
service had and how many were upheld (the statistics)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from qyzmet.applications.models import Case, StatusChange
from qyzmet.casework.appeal_models import Appeal, AppealAttachment, AppealKind, AppealOutcome
from qyzmet.casework.roles import APPEALS, has_role
from qyzmet.casework.stage_models import PreparedDecision, PreparedOutcome
from qyzmet.catalog.models import Service

DOCUMENTS = "documents"  # where ``with_documents`` puts an appeal's documents


def with_documents(appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """``appeals`` with their documents (content not loaded) in one query for all of them, as
    ``appeal.documents`` (``appeal_attachments.attachments_of_appeal`` reads them there)."""
    documents = AppealAttachment.objects.defer("content").order_by("uploaded_at", "id")
    return appeals.prefetch_related(Prefetch("attachments", queryset=documents, to_attr=DOCUMENTS))


def appeals_queue(*, officer: Any, open_only: bool = True) -> QuerySet[Appeal]:
    """The appeals the officer's agency decides, those due first (overdue ones on top); none
    for an officer without the role ``appeals`` (the citizen's reasons are for those who decide)."""
    if not has_role(officer, APPEALS):
        return Appeal.objects.none()
    found = with_documents(
        Appeal.objects.filter(body_id=getattr(officer, "agency_id", None)).select_related(
            "case__application", "case__service", "case__agency", "body"
        )
    )
    if open_only:
        return found.filter(outcome=AppealOutcome.OPEN).order_by("due_date", "filed_at", "id")
    return found.order_by("-filed_at", "-id")


def appeals_of_case(case: Any) -> list[Appeal]:
    """The case's appeals, oldest first, with their documents (``with_documents``)."""
    return list(
        with_documents(case.appeals.select_related("body", "officer")).order_by("filed_at", "id")
    )


def officers_of_decision(appeal: Appeal) -> set[int]:
    """The officers who took part in the decision an appeal challenges: the one who decided it
    (the case's history line of that decision, the last before the appeal), and, when its
    service has stages, the one who prepared it and each who signed it off; for a complaint
    about a delay, those it is about (``officers_of_delay``). None of them may decide the
    appeal (``appeals.decide_appeal``)."""
    if appeal.kind != AppealKind.DECISION:
        return officers_of_delay(appeal)
    case = appeal.case
    decided = (
        case.history.filter(status=appeal.decision, at__lte=appeal.filed_at)
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    found: set[int | None] = {decided}
    prepared = (
        PreparedDecision.objects.filter(
            case=case, outcome=PreparedOutcome.SIGNED_OFF, ended_at__lte=appeal.filed_at
        )
        .order_by("-ended_at", "-id")
        .first()
    )
    if prepared is not None:
        found |= {prepared.prepared_by_id, prepared.ended_by_id}
        found |= {int(a["officer"]) for a in prepared.acted if str(a.get("officer", "")).isdigit()}
    return {pk for pk in found if pk}


def officers_of_delay(appeal: Appeal) -> set[int]:
    """The officers a complaint about a delay is about: the one the case is assigned to, each
    who acted on it (its history lines' actors), and the one who prepared a decision still
    waiting at a stage, with each who acted on it."""
    case_id = appeal.case_id
    found: set[int | None] = set(
        Case.objects.filter(pk=case_id).values_list("assigned_to_id", flat=True)
    )
    found |= set(
        StatusChange.objects.filter(case_id=case_id, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    for prepared in PreparedDecision.objects.filter(case_id=case_id, outcome=PreparedOutcome.OPEN):
        found.add(prepared.prepared_by_id)
        found |= {int(a["officer"]) for a in prepared.acted if str(a.get("officer", "")).isdigit()}
    return {pk for pk in found if pk}


def is_overdue(appeal: Appeal, today: datetime.date | None = None) -> bool:
    """Still open after its last day to decide."""
    today = today or timezone.localdate()
    return appeal.outcome == AppealOutcome.OPEN and appeal.due_date < today


@dataclass(frozen=True)
class AppealFigures:
    service: Any  # the catalogue's Service
    filed: int
    upheld: int
    dismissed: int
    open: int
    overdue: int

    @property
    def upheld_share(self) -> float | None:
        decided = self.upheld + self.dismissed
        return self.upheld / decided if decided else None


def appeals_by_service(
    *, agency: Any = None, body: Any = None, since: datetime.datetime | None = None
) -> list[AppealFigures]:
    """Per service: the appeals filed (since ``since``; of ``agency``'s cases; decided by
    ``body``), how many were upheld, dismissed, are open, and open past their last day;
    busiest first."""
    appeals = Appeal.objects.all()
    if agency is not None:
        appeals = appeals.filter(case__agency=agency)
    if body is not None:
        appeals = appeals.filter(body=body)
    if since is not None:
        appeals = appeals.filter(filed_at__gte=since)
    today = timezone.localdate()
    rows = (
        appeals.values("case__service__service")
        .annotate(
            filed=Count("id"),
            upheld=Count("id", filter=Q(outcome=AppealOutcome.UPHELD)),
            dismissed=Count("id", filter=Q(outcome=AppealOutcome.DISMISSED)),
            open=Count("id", filter=Q(outcome=AppealOutcome.OPEN)),
            overdue=Count("id", filter=Q(outcome=AppealOutcome.OPEN, due_date__lt=today)),
        )
        .order_by("-filed", "case__service__service")
    )
    services = Service.objects.select_related("current").in_bulk(
        [row["case__service__service"] for row in rows]
    )
    return [
        AppealFigures(
            service=services[row["case__service__service"]],
            filed=row["filed"],
            upheld=row["upheld"],
            dismissed=row["dismissed"],
            open=row["open"],
            overdue=row["overdue"],
        )
        for row in rows
    ]
