"""The statistics as open data: one flat record per line for CSV, a nested document for JSON.

Keys are stable and machine-readable, times are in hours, shares from 0 to 1, numbers use a
decimal point; a figure that does not exist yet (nothing decided) is empty or ``null``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qyzmet.core.texts import LANGUAGES
from qyzmet.quality.figures import Figures, Journey, Row, Statistics

FIGURES = (
    "applications", "cases", "decided", "approved", "decided_on_time", "overdue",
    "on_time_share", "median_hours", "p90_hours", "ratings", "mean_rating",
)  # fmt: skip
JOURNEY = ("journey_applications", "journey_median_hours", "journey_p90_hours")
APPEALS = ("appeals", "appeals_upheld")  # of services only: appeals filed, how many upheld
STAGE = ("stage", "stage_stays", "stage_median_hours")  # a service's stage: its own records
COLUMNS = (
    "level", "id", "slug", *(f"title_{language}" for language in LANGUAGES), "agency",
    *FIGURES, *JOURNEY, *APPEALS, *STAGE,
)  # fmt: skip
LEVELS = ("life_situation", "agency", "service")
PLACES = {"on_time_share": 4, "median_hours": 2, "p90_hours": 2, "mean_rating": 2}


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def figures_record(figures: Figures) -> dict[str, Any]:
    values = {name: getattr(figures, name) for name in FIGURES}
    return {k: _round(v, PLACES[k]) if k in PLACES else v for k, v in values.items()}


def journey_record(journey: Journey) -> dict[str, Any]:
    return {
        "applications": journey.applications,
        "median_hours": _round(journey.median_hours, 2),
        "p90_hours": _round(journey.p90_hours, 2),
    }


def _rows(stats: Statistics) -> Iterator[tuple[str, Row]]:
    for level, rows in zip(
        LEVELS, (stats.life_situations, stats.agencies, stats.services), strict=True
    ):
        for row in rows:
            yield level, row


def csv_records(stats: Statistics) -> Iterator[dict[str, Any]]:
    """One record per life situation, agency and service, with every column in ``COLUMNS``."""
    for level, row in _rows(stats):
        record: dict[str, Any] = {"level": level, "id": row.id, "slug": row.slug}
        record.update({f"title_{lang}": row.title.get(lang, "") for lang in LANGUAGES})
        record["agency"] = row.agency_slug
        record.update(figures_record(row.figures))
        journey = journey_record(row.journey) if row.journey else {}
        record.update({f"journey_{key}": value for key, value in journey.items()})
        if level == "service":
            record.update({"appeals": row.appeals, "appeals_upheld": row.appeals_upheld})
        yield {column: "" if record.get(column) is None else record[column] for column in COLUMNS}
        for stage in row.stages:  # after its service: the time at each of its stages
            yield _stage_record(row, stage)


def _stage_record(row: Row, stage: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"level": "stage", "id": row.id, "slug": row.slug,
                              "agency": row.agency_slug, "stage": stage.stage,
                              "stage_stays": stage.stays,
                              "stage_median_hours": _round(stage.median_hours, 2)}  # fmt: skip
    record.update({f"title_{lang}": stage.title.get(lang, "") for lang in LANGUAGES})
    return {column: "" if record.get(column) is None else record[column] for column in COLUMNS}


def _item(row: Row) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": row.id,
        "slug": row.slug,
        "title": {lang: row.title.get(lang, "") for lang in LANGUAGES},
    }
    if row.agency_slug:
        item["agency"] = row.agency_slug
    item["figures"] = figures_record(row.figures)
    if row.agency_slug:  # a service
        item["appeals"] = {"filed": row.appeals, "upheld": row.appeals_upheld}
    if row.journey is not None:
        item["journey"] = journey_record(row.journey)
    if row.stages:  # a service with stages: the median time at each
        item["stages"] = [
            {"stage": stage.stage, "title": {lang: stage.title.get(lang, "") for lang in LANGUAGES},
             "stays": stage.stays, "median_hours": _round(stage.median_hours, 2)}
            for stage in row.stages
        ]  # fmt: skip
    return item


def json_document(stats: Statistics) -> dict[str, Any]:
    """The statistics with their period, ready for ``json.dumps``."""
    return {
        "generated_at": stats.generated_at.isoformat(),
        "period_days": stats.days,
        "agency": stats.agency_slug or None,
        "units": {"time": "hours", "share": "0 to 1", "rating": "1 to 5"},
        "life_situations": [_item(row) for row in stats.life_situations],
        "agencies": [_item(row) for row in stats.agencies],
        "services": [_item(row) for row in stats.services],
    }
