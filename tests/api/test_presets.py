"""What the registries or earlier answers give is pre-set on the API as on the portal and in
the chat (issue 15, decision 0050): an application submitted in one call, or a draft submitted
later, need not answer what the state already answered; what the caller sends stands."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.applications.test_presets import preschool_years
from tests.callers import bearer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

MOVING = ["residence-registration", "address-certificate"]
NO_SCHOOL_NO_POLYCLINIC = {"has_school_age_children": False, "change_polyclinic": False}
LOST_ID_CARD = {"lost_id_card": True, "lost_passport": False, "lost_driving_licence": False}


def values(citizen: Any, *slugs: str) -> dict[str, dict[str, Any]]:
    person = find_person(citizen.iin)
    return {slug: sample_values(service_version(slug), person) for slug in slugs}


def submit(client: Any, citizen: Any, body: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/applications", {**body, "submit": True}, content_type="application/json",
        **bearer(citizen),
    )  # fmt: skip


@pytest.fixture
def parent(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    assert preschool_years(citizen)  # the registry knows a child under six
    return citizen


def test_one_call_need_not_answer_whether_there_are_preschool_children(client, parent):
    data = values(parent, *MOVING, "kindergarten-queue")
    body = {"life_situation": "moving", "answers": NO_SCHOOL_NO_POLYCLINIC, "data": data}

    submitted = submit(client, parent, body)

    assert submitted.status_code == 201, submitted.content
    application = submitted.json()
    assert application["status"] != "draft"
    assert application["answers"]["has_preschool_children"] is True  # the registry's answer
    assert "kindergarten-queue" in {c["service"] for c in application["cases"]}


def test_one_call_for_someone_without_young_children_applies_for_no_kindergarten(
    client, demo_people
):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    assert not preschool_years(citizen)
    body = {"life_situation": "moving", "answers": NO_SCHOOL_NO_POLYCLINIC,
            "data": values(citizen, *MOVING)}  # fmt: skip

    submitted = submit(client, citizen, body)

    assert submitted.status_code == 201, submitted.content
    assert submitted.json()["answers"]["has_preschool_children"] is False
    assert sorted(c["service"] for c in submitted.json()["cases"]) == sorted(MOVING)


def test_one_call_need_not_give_the_reason_an_earlier_answer_gives(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    card = {}  # no reason: "lost" follows from the answer
    body = {"life_situation": "lost-documents", "answers": LOST_ID_CARD,
            "data": {"id-card": card}}  # fmt: skip

    submitted = submit(client, citizen, body)

    assert submitted.status_code == 201, submitted.content
    (case,) = submitted.json()["cases"]
    assert case["data"]["reason"] == "lost"


def test_one_call_gets_the_polyclinic_reason_moved_when_moving(client, parent):
    data = values(parent, *MOVING, "kindergarten-queue", "polyclinic-attachment")
    del data["polyclinic-attachment"]["reason"]
    answers = {**NO_SCHOOL_NO_POLYCLINIC, "change_polyclinic": True}

    submitted = submit(client, parent, {"life_situation": "moving", "answers": answers,
                                        "data": data})  # fmt: skip

    assert submitted.status_code == 201, submitted.content
    cases = {c["service"]: c for c in submitted.json()["cases"]}
    assert cases["polyclinic-attachment"]["data"]["reason"] == "moved"


def test_what_the_caller_answered_stands_against_a_preset(client, parent):
    """As on the portal (decision 0040): a parent whose child has a kindergarten place says
    No; a card that was stolen, not lost, is said to be stolen."""
    answers = {**NO_SCHOOL_NO_POLYCLINIC, "has_preschool_children": False}
    moving = submit(client, parent, {"life_situation": "moving", "answers": answers,
                                     "data": values(parent, *MOVING)})  # fmt: skip
    assert moving.status_code == 201, moving.content
    assert moving.json()["answers"]["has_preschool_children"] is False
    assert sorted(c["service"] for c in moving.json()["cases"]) == sorted(MOVING)

    card = {"reason": "stolen"}
    lost = submit(client, parent, {"life_situation": "lost-documents", "answers": LOST_ID_CARD,
                                   "data": {"id-card": card}})  # fmt: skip
    assert lost.status_code == 201, lost.content
    assert lost.json()["cases"][0]["data"]["reason"] == "stolen"


def test_a_draft_submitted_later_gets_the_same_presets(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    started = client.post(
        "/api/v1/applications", {"life_situation": "lost-documents"},
        content_type="application/json", **bearer(citizen),
    )  # fmt: skip
    assert started.status_code == 201, started.content
    body = {"answers": LOST_ID_CARD, "data": {"id-card": {}}}

    submitted = client.post(
        f"/api/v1/applications/{started.json()['id']}/submit", body,
        content_type="application/json", **bearer(citizen),
    )  # fmt: skip

    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["cases"][0]["data"]["reason"] == "lost"


def test_a_draft_started_with_its_answers_in_one_call_tells_what_is_pre_set(client, parent):
    started = client.post(
        "/api/v1/applications", {"life_situation": "moving", "answers": NO_SCHOOL_NO_POLYCLINIC},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **bearer(parent),
    )  # fmt: skip

    assert started.status_code == 201, started.content
    draft = started.json()
    assert draft["answers"]["has_preschool_children"] is True
    (preset,) = [p for p in draft["presets"] if p["question"] == "has_preschool_children"]
    years = ", ".join(preschool_years(parent))
    assert preset["value"] is True
    assert preset["says"] == f"From the population registry: you have children born in {years}."


def test_an_answer_given_otherwise_is_said_not_applied_and_null_gives_it_back(client, parent):
    answers = {**NO_SCHOOL_NO_POLYCLINIC, "has_preschool_children": False}
    started = client.post(
        "/api/v1/applications", {"life_situation": "moving", "answers": answers},
        content_type="application/json", **bearer(parent),
    )  # fmt: skip
    draft = started.json()
    assert draft["answers"]["has_preschool_children"] is False
    assert [p["applied"] for p in draft["presets"] if p["question"]] == [False]

    saved = client.patch(
        f"/api/v1/applications/{draft['id']}", {"answers": {"has_preschool_children": None}},
        content_type="application/json", **bearer(parent),
    )  # fmt: skip

    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"]["has_preschool_children"] is True
    assert [p["applied"] for p in saved.json()["presets"] if p["question"]] == [True]
    assert "kindergarten-queue" in saved.json()["services"]
