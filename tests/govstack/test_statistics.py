"""Anybody can read how many applications were processed, approved and rejected, per period,
service and agency; figures per officer only officers of the same agency."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from qyzmet.catalog.models import Agency
from tests.factories import ApplicationFactory, OfficerFactory
from tests.govstack.conftest import Caller, assert_conforms, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(citizen):
    """Today: two passports approved and one rejected (internal affairs), one address
    certificate approved automatically (digital development)."""
    for state in ("approved", "approved", "rejected"):
        ApplicationFactory(citizen=citizen, **{state: True})
    ApplicationFactory(citizen=citizen, submitted=True, service="address-certificate")
    ApplicationFactory(citizen=citizen, submitted=True)  # not decided: not counted


def figures(entry):
    return {k: entry[k] for k in ("processed", "approved", "sentBack", "rejected")}


def test_anybody_reads_the_totals(anybody, decided):
    response = anybody("GET", "/data/statistics")
    assert response.status_code == 200
    assert_conforms(response.json(), "/data/statistics", "get", 200)
    [total] = response.json()
    assert figures(total) == {"processed": 4, "approved": 3, "sentBack": 0, "rejected": 1}
    today = timezone.localdate().isoformat()
    assert (total["references"]["startDate"], total["references"]["endDate"]) == (today, today)


def test_a_service_or_an_agency_narrows_the_figures(anybody, decided):
    by_id = anybody("GET", "/data/statistics", registrationName="passport").json()
    by_title = anybody("GET", "/data/statistics", registrationName="ISSUING a Kazakhstan passport")
    assert figures(by_id[0]) == figures(by_title.json()[0]) == {
        "processed": 3, "approved": 2, "sentBack": 0, "rejected": 1,
    }  # fmt: skip
    assert by_id[0]["references"]["registrationName"] == "passport"
    by_role = anybody("GET", "/data/statistics", role="digital-development").json()
    assert figures(by_role[0])["approved"] == 1


@pytest.mark.parametrize("narrowing", [{"registrationName": "MCTS"}, {"role": "Handler"}])
def test_an_unknown_service_or_role_is_not_found(anybody, narrowing):
    response = anybody("GET", "/data/statistics", **narrowing)
    assert (response.status_code, response.json()["code"]) == (404, "govstack.statistics_not_found")


def test_figures_per_officer_are_for_officers_of_the_same_agency(client, anybody, decided):
    officer = OfficerFactory()  # internal affairs: decided the passports (factory officer)
    colleague = Caller(Client(), bearer(officer))
    mine = colleague("GET", "/data/statistics", operator=officer.username).json()
    assert figures(mine[0])["processed"] == 3
    officer.first_name, officer.last_name = "Айгерім", "Сәрсенова"
    officer.save()
    by_name = colleague("GET", "/data/statistics", operator="айгерім сәрсенова").json()
    assert figures(by_name[0]) == figures(mine[0])  # names are encrypted: matched all the same
    assert anybody("GET", "/data/statistics", operator=officer.username).status_code == 404
    stranger = Caller(Client(), bearer(OfficerFactory(agency=Agency.objects.get(slug="labour"))))
    assert stranger("GET", "/data/statistics", operator=officer.username).status_code == 404


def test_a_timeframe_splits_the_span_into_periods(anybody, decided):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=6)
    response = anybody(
        "GET", "/data/statistics", startDate=start.isoformat(), endDate=today.isoformat(),
        timeframe="day",
    )  # fmt: skip
    days = response.json()
    assert_conforms(days, "/data/statistics", "get", 200)
    assert [d["references"]["startDate"] for d in days] == [
        (start + datetime.timedelta(days=n)).isoformat() for n in range(7)
    ]
    assert [d["processed"] for d in days] == [0, 0, 0, 0, 0, 0, 4]
    assert all(
        d["references"]["timeframeDay"] and not d["references"]["timeframeWeek"] for d in days
    )


def test_weeks_start_on_monday_and_are_cut_to_the_span(anybody):
    weeks = anybody(
        "GET", "/data/statistics", startDate="2025-01-01", endDate="2025-01-31", timeframe="week"
    ).json()  # fmt: skip
    spans = [(w["references"]["startDate"], w["references"]["endDate"]) for w in weeks]
    assert spans == [
        ("2025-01-01", "2025-01-05"),
        ("2025-01-06", "2025-01-12"),
        ("2025-01-13", "2025-01-19"),
        ("2025-01-20", "2025-01-26"),
        ("2025-01-27", "2025-01-31"),
    ]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"startDate": "2025-02-01", "endDate": "2025-01-01"}, "govstack.dates_reversed"),
        ({"startDate": "2025-02-30"}, "govstack.request_invalid"),
        ({"timeframe": "hour"}, "govstack.request_invalid"),
        ({"startDate": "0001-01-01", "timeframe": "day"}, "govstack.too_many_periods"),
    ],
)
def test_invalid_input_is_a_bad_request(anybody, query, code):
    response = anybody("GET", "/data/statistics", **query)
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_the_far_ends_of_the_calendar_are_no_error(anybody):
    for query in (
        {"startDate": "9999-12-01", "endDate": "9999-12-31", "timeframe": "week"},
        {"startDate": "0001-01-01", "endDate": "9999-12-31", "timeframe": "year"},
        {"startDate": "9999-12-31"},
    ):
        assert anybody("GET", "/data/statistics", **query).status_code in (200, 400)
