"""A citizen describing their situation in their own words, in Kazakh, Russian or English,
lands on the right life situation, on the home page, through the API and on the command line
alike."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

DONE_WHEN = [
    ("балам дүниеге келді", "birth-of-child", "kk"),
    ("переезжаю в Алматы", "moving", "ru"),
    ("I lost my ID card", "lost-documents", "en"),
]


@pytest.mark.parametrize(("text", "situation", "language"), DONE_WHEN)
def test_the_home_page_leads_to_the_right_life_situation(client, text, situation, language):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'name="q"' in home and "<textarea" in home  # describe your situation, no script
    page = client.get("/search/", {"q": text}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    first_link = page.split('class="cards suggestions"')[1].split('href="')[1].split('"')[0]
    assert first_link == f"/life-situations/{situation}/"
    assert client.get(first_link).status_code == 200


@pytest.mark.parametrize(("text", "situation", "language"), DONE_WHEN)
def test_the_api_and_the_command_line_give_the_same_answer(
    client, api_token, text, situation, language
):
    response = client.post(
        "/api/v1/assistant/route", {"text": text}, content_type="application/json", **api_token
    )
    assert response.status_code == 200, response.content
    api = response.json()
    out = StringIO()
    call_command("assist", text, "--json", stdout=out)
    cli = json.loads(out.getvalue())
    assert api["suggestions"][0]["id"] == cli["suggestions"][0]["id"] == situation
    assert api["suggestions"][0]["kind"] == "life_situation"
    assert [s["id"] for s in api["suggestions"]] == [s["id"] for s in cli["suggestions"]]
    assert api["language"] == cli["language"] == language
    assert api["status"] == "confident" and api["question"] == ""


def test_partners_and_apps_must_authenticate_to_ask_the_assistant(client):
    response = client.post(
        "/api/v1/assistant/route", {"text": "I lost my ID card"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize("text", ["", "   "])
def test_words_missing_get_a_clear_error_in_the_callers_language(client, api_token, text):
    response = client.post(
        "/api/v1/assistant/route", {"text": text}, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru", **api_token,
    )  # fmt: skip
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["field"], error["message"]) == ("text", "Это поле обязательно.")


def test_the_answer_comes_in_the_language_of_the_page(client):
    page = client.get("/search/", {"q": "I lost my ID card"}, HTTP_ACCEPT_LANGUAGE="kk")
    assert "Құжаттарды жоғалту" in page.content.decode()
