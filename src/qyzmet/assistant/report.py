"""The auditors' report: how the assistant did in real use. An answer counts when the citizen
then started an application in the same session or chat: was what they applied for the
first suggestion (top-1), among the first three (top-3), or not suggested at all?"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qyzmet.assistant.models import Record, RecordKind


@dataclass
class Accuracy:
    group: str  # a language, a channel, or kind:id of what was applied for
    answers: int = 0  # answers followed by an application
    first: int = 0  # ... of which the first suggestion was applied for
    top3: int = 0  # ... among the first three

    @property
    def top1_share(self) -> float:
        return self.first / self.answers if self.answers else 0.0

    @property
    def top3_share(self) -> float:
        return self.top3 / self.answers if self.answers else 0.0


@dataclass
class Report:
    since: datetime.datetime
    until: datetime.datetime
    answers: int = 0
    followed: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    backends: dict[str, int] = field(default_factory=dict)
    fallbacks: int = 0
    by_language: list[Accuracy] = field(default_factory=list)
    by_channel: list[Accuracy] = field(default_factory=list)
    by_target: list[Accuracy] = field(default_factory=list)
    hints: int = 0
    prefills: int = 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["since"], data["until"] = self.since.isoformat(), self.until.isoformat()
        for key in ("by_language", "by_channel", "by_target"):
            for row, accuracy in zip(data[key], getattr(self, key), strict=True):
                row["top1_share"] = round(accuracy.top1_share, 4)
                row["top3_share"] = round(accuracy.top3_share, 4)
        return data


def _accuracy(records: QuerySet[Record], key: str) -> list[Accuracy]:
    rows: dict[str, Accuracy] = {}
    for group, kind, target, rank in records.values_list(key, "applied_kind", "applied_id",
                                                         "applied_rank"):  # fmt: skip
        name = f"{kind}:{target}" if key == "applied_id" else (group or "?")
        row = rows.setdefault(name, Accuracy(name))
        row.answers += 1
        row.first += rank == 1
        row.top3 += 1 <= (rank or 0) <= 3
    return sorted(rows.values(), key=lambda r: (-r.answers, r.group))


def assistant_report(*, days: int = 30, now: datetime.datetime | None = None) -> Report:
    """The report over the last ``days`` days."""
    until = now or timezone.now()
    since = until - datetime.timedelta(days=days)
    records = Record.objects.filter(created_at__gte=since, created_at__lt=until)
    routings = records.filter(kind=RecordKind.ROUTING)
    followed = routings.filter(application_id__isnull=False)
    return Report(
        since=since,
        until=until,
        answers=routings.count(),
        followed=followed.count(),
        statuses=dict(Counter(routings.values_list("status", flat=True))),
        channels=dict(Counter(routings.values_list("channel", flat=True))),
        backends=dict(Counter(routings.values_list("backend", flat=True))),
        fallbacks=routings.exclude(fallback="").count(),
        by_language=_accuracy(followed, "language"),
        by_channel=_accuracy(followed, "channel"),
        by_target=_accuracy(followed, "applied_id"),
        hints=records.filter(kind=RecordKind.CASE_HINTS).count(),
        prefills=records.filter(kind=RecordKind.PREFILL).count(),
    )
