"""Time spent at each stage of the services whose catalogue names stages (``stages:``), read
from the cases' history: a case enters its first stage when it comes to the agency (and again
when a decision is returned to review, or a correction comes back), moves on at each
``stage_prepared``, ``stage_signed`` and consultation answered or unanswered, and leaves the
last at its decision. Only stays that ended are measured (a stage still waiting is not); the
time with the citizen while sent back is nobody's stage."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qyzmet.applications.models import Case, StatusChange
from qyzmet.core.texts import Text
from qyzmet.quality.percentiles import percentile

ENTER_NOTED = {"stage_prepared", "stage_signed"}  # their note: the stage entered
ENTER_NEXT = {"consultation_replied", "consultation_lapsed"}
ENTER_FIRST = {"stage_returned", "corrected"}
LEAVE = {"approved", "rejected", "sent_back"}
GONE = {"withdrawn"}  # the stay ends unmeasured


@dataclass(frozen=True)
class StageTime:
    """One stage of a service: its word, its name, how many stays ended, their median."""

    stage: str
    title: Text
    stays: int
    median_hours: float | None

    @property
    def median_days(self) -> float | None:
        return None if self.median_hours is None else self.median_hours / 24.0


def stage_times_by_service(cases: QuerySet[Case]) -> dict[Any, list[StageTime]]:
    """Per service (its ``catalog.Service`` pk) of ``cases`` whose version names stages: the
    median time at each stage, in the order of the service's stages."""
    staged = cases.filter(service__definition__has_key="stages").select_related("service__service")
    versions = {c.pk: c.service for c in staged.only("pk", "service")}
    if not versions:
        return {}
    lines = (
        StatusChange.objects.filter(case_id__in=list(versions))
        .order_by("case_id", "at", "pk")
        .values_list("case_id", "status", "note", "at")
    )
    stays: dict[Any, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    by_case: dict[Any, list[tuple[str, str, datetime.datetime]]] = defaultdict(list)
    for case_id, status, note, at in lines:
        by_case[case_id].append((status, note, at))
    titles: dict[Any, list[dict[str, Any]]] = {}
    for case_id, history in by_case.items():
        version = versions[case_id]
        service = version.service_id
        stages = version.stages
        titles.setdefault(service, stages)
        for stage, hours in _stays(stages, history):
            stays[service][stage].append(hours)
    return {
        service: [
            StageTime(
                stage=s["stage"],
                title=_title(s),
                stays=len(stays[service][s["stage"]]),
                median_hours=percentile(stays[service][s["stage"]], 0.5),
            )
            for s in stages
        ]
        for service, stages in titles.items()
    }


def _stays(
    stages: list[dict[str, Any]], history: Iterable[tuple[str, str, datetime.datetime]]
) -> Iterable[tuple[str, float]]:
    words = [s["stage"] for s in stages]
    current: str | None = None
    since: datetime.datetime | None = None
    for i, (status, note, at) in enumerate(history):
        if i == 0 and status not in LEAVE | GONE:
            current, since = words[0], at  # the case came to the agency
            continue
        entered: str | None = None
        if status in ENTER_NOTED:
            entered = note if note in words else None
        elif status in ENTER_NEXT and current in words:
            following = words.index(current) + 1
            entered = words[following] if following < len(words) else None
        elif status in ENTER_FIRST:
            entered = words[0]
        elif status not in LEAVE | GONE:
            continue  # a line that moves no stage (assigned, a visit, asked...)
        if current is not None and since is not None and status not in GONE:
            yield current, (at - since).total_seconds() / 3600
        current, since = entered, at if entered else None


def _title(stage: dict[str, Any]) -> Text:
    """The stage's name in kk/ru/en: its catalogue ``title``, a known word, or the word."""
    if stage.get("title"):
        return dict(stage["title"])
    return dict(KNOWN.get(stage["stage"]) or {"kk": stage["stage"], "ru": stage["stage"],
                                                   "en": stage["stage"]})  # fmt: skip


KNOWN: dict[str, Text] = {
    "review": {"kk": "Қарау", "ru": "Рассмотрение", "en": "Review"},
    "sign-off": {"kk": "Келісу (қол қою)", "ru": "Согласование (подпись)", "en": "Sign-off"},
    "consultation": {"kk": "Басқа органмен келісу", "ru": "Согласование с другим органом",
                     "en": "Consultation of another agency"},
}  # fmt: skip
