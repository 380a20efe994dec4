"""Dates that cannot be: a death, a move or a contract in the future, a wedding in the past.
The catalogue says it of a date field (``x-date``); the day is judged in Almaty, whatever the
server's clock zone; the API and GovStack get the code, people the words."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from qyzmet.accounts.services import create_api_token
from qyzmet.applications.error_messages import field_message
from qyzmet.applications.validation import FieldProblem, form_problems
from qyzmet.catalog.selectors import service_version
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 6)
LANGUAGES = ("kk", "ru", "en")


def form(rule: str) -> dict:
    date = {"type": "string", "format": "date", "x-date": rule}
    return {"type": "object", "properties": {"day": date}}


def codes(rule: str, day: datetime.date | str, today: datetime.date | None = TODAY) -> list[str]:
    value = day if isinstance(day, str) else day.isoformat()
    return [p.code for p in form_problems(form(rule), {"day": value}, prefix="d", today=today)]


@pytest.mark.parametrize(
    ("rule", "yesterday", "today", "tomorrow"),
    [
        ("past", [], ["date.past"], ["date.past"]),
        ("today-or-past", [], [], ["date.today_or_past"]),
        ("future", ["date.future"], ["date.future"], []),
        ("today-or-future", ["date.today_or_future"], [], []),
    ],
)
def test_each_rule_accepts_its_side_of_today_and_refuses_the_other(
    rule, yesterday, today, tomorrow
):
    day = datetime.timedelta(days=1)
    assert codes(rule, TODAY - day) == yesterday
    assert codes(rule, TODAY) == today
    assert codes(rule, TODAY + day) == tomorrow


def test_a_date_that_is_no_date_is_refused_as_such_not_as_in_the_future():
    assert codes("today-or-past", "2999-02-31") == ["format.date"]
    assert codes("today-or-past", "31.12.2999") == ["format.date"]


def test_today_is_the_day_in_almaty_not_in_utc(monkeypatch):
    # 20:30 UTC on 1 March is 01:30 on 2 March in Almaty (UTC+5)
    evening = datetime.datetime(2030, 3, 1, 20, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    assert codes("today-or-past", datetime.date(2030, 3, 2), today=None) == []
    assert codes("future", datetime.date(2030, 3, 2), today=None) == ["date.future"]


@pytest.mark.parametrize(
    ("service", "field", "code", "messages"),
    [
        ("death-registration", "date_of_death", "date.today_or_past", (
            "«Қайтыс болған күні» бүгінгі немесе өткен күн болуы керек",
            "В поле «Дата смерти» должна быть сегодняшняя или прошедшая дата",
            "The date of death must be today or in the past")),
        ("residence-registration", "move_date", "date.today_or_past", (
            "«Көшкен күні» бүгінгі немесе өткен күн болуы керек",
            "В поле «Дата переезда» должна быть сегодняшняя или прошедшая дата",
            "The date of the move must be today or in the past")),
        ("marriage-registration", "desired_date", "date.future", (
            "«Қалаған тіркеу күні» алдағы күн болуы керек",
            "В поле «Желаемая дата регистрации» должна быть будущая дата",
            "The preferred date of the wedding must be in the future")),
    ],
)  # fmt: skip
def test_the_demo_catalogues_dates_are_checked_and_said_about_the_field(
    service, field, code, messages
):
    spec = service_version(service).form["properties"][field]
    wrong = {"date.today_or_past": timezone.localdate() + datetime.timedelta(days=1),
             "date.future": timezone.localdate()}[code]  # fmt: skip
    problems = form_problems({"properties": {field: spec}}, {field: wrong.isoformat()}, prefix="d")
    assert problems == [FieldProblem(f"d.{field}", code)]
    said = [
        field_message(problems[0], spec, wrong.isoformat(), lang) for lang in ("kk", "ru", "en")
    ]
    assert tuple(said) == messages


def test_the_api_refuses_a_future_date_of_the_move_with_its_code(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        "/api/v1/applications",
        json.dumps({"service": "residence-registration", "submit": True,
                    "data": {"residence-registration": {"move_date": tomorrow.isoformat()}}}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
        HTTP_AUTHORIZATION=f"Bearer {create_api_token(user=citizen)}",
    )  # fmt: skip
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert errors["data.residence-registration.move_date"] == {
        "field": "data.residence-registration.move_date",
        "code": "date.today_or_past",
        "message": "Must be today or a date in the past.",
    }
