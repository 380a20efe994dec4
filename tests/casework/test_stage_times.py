"""The quality statistics of a service with stages show the median time a decision spent at
each stage, on the page and in the open data (JSON and CSV)."""

from __future__ import annotations

import pytest

from qyzmet.casework.consultations import answer_consultation
from qyzmet.casework.stages import decide_at_stage, sign_off
from qyzmet.quality.export import csv_records, json_document
from qyzmet.quality.selectors import service_quality

pytestmark = pytest.mark.django_db


def decided_in_stages(case, clerk, registrar, head):
    decide_at_stage(case=case, officer=clerk, approve=True, channel="backoffice")
    answer_consultation(consultation_id=case.consultations.get().pk, officer=registrar,
                        agree=True, note="", channel="backoffice")  # fmt: skip
    sign_off(case=case, officer=head, channel="backoffice")


def test_each_stage_has_its_median_time(funeral_case, clerk, registrar, head):
    decided_in_stages(funeral_case, clerk, registrar, head)

    stats = service_quality()

    [row] = [r for r in stats.staged if r.slug == "funeral-benefit"]
    assert [(s.stage, s.stays) for s in row.stages] == [
        ("review", 1), ("consultation", 1), ("sign-off", 1)
    ]  # fmt: skip
    assert all(s.median_hours is not None and s.median_hours >= 0 for s in row.stages)
    assert row.stages[1].title["en"] == "Kinship confirmed by the civil registry"
    assert not [r for r in stats.staged if r.slug == "passport"]


def test_the_open_data_carries_the_stage_times(funeral_case, clerk, registrar, head):
    decided_in_stages(funeral_case, clerk, registrar, head)
    stats = service_quality()

    [item] = [s for s in json_document(stats)["services"] if s["slug"] == "funeral-benefit"]
    assert [s["stage"] for s in item["stages"]] == ["review", "consultation", "sign-off"]
    rows = [r for r in csv_records(stats) if r["level"] == "stage"]
    assert [r["stage"] for r in rows] == ["review", "consultation", "sign-off"]
    assert all(r["slug"] == "funeral-benefit" and r["stage_stays"] == 1 for r in rows)


def test_a_stage_still_waiting_is_not_measured(funeral_case, clerk):
    decide_at_stage(case=funeral_case, officer=clerk, approve=True, channel="backoffice")

    [row] = [r for r in service_quality().staged if r.slug == "funeral-benefit"]

    assert [(s.stage, s.stays) for s in row.stages] == [
        ("review", 1), ("consultation", 0), ("sign-off", 0)
    ]  # fmt: skip
