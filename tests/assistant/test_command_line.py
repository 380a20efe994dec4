"""``qyzmet assist``: one answer for one text, or one line per input line, in order."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LINES = [
    "балам дүниеге келді",
    "переезжаю в Алматы",
    "I lost my ID card",
    "jeke kualigimdi joğaltyp aldym",
    "справка о несудимости",
]


def assist_lines(monkeypatch, lines: list[str]) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    out = io.StringIO()
    call_command("assist", "--jsonl", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_jsonl_answers_each_line_in_order_with_at_least_three_suggestions(monkeypatch):
    answers = assist_lines(monkeypatch, [json.dumps({"text": t}) for t in LINES])
    assert [a["text"] for a in answers] == LINES
    for answer in answers:
        assert set(answer) == {"text", "language", "suggestions"}
        assert len(answer["suggestions"]) >= 3
        assert all(set(s) == {"kind", "id", "score"} for s in answer["suggestions"])
        scores = [s["score"] for s in answer["suggestions"]]
        assert scores == sorted(scores, reverse=True)
        assert {s["kind"] for s in answer["suggestions"]} <= {"life_situation", "service"}
    assert [a["language"] for a in answers] == ["kk", "ru", "en", "kk", "ru"]
    assert answers[4]["suggestions"][0] == {
        "kind": "service", "id": "criminal-record-certificate",
        "score": answers[4]["suggestions"][0]["score"],
    }  # fmt: skip


def test_a_line_that_is_not_a_request_is_answered_in_its_place(monkeypatch):
    lines = ['{"text": "I lost my ID card"}', "nonsense", "", '{"text": "   "}']
    answers = assist_lines(monkeypatch, lines)
    assert answers[0]["suggestions"][0]["id"] == "lost-documents"
    assert answers[1]["text"] is None and "line 2" in answers[1]["error"]
    assert answers[2]["text"] is None and answers[3]["text"] is None and len(answers) == 4


def test_the_plain_answer_lists_the_suggestions_for_people():
    out = io.StringIO()
    call_command("assist", "I lost my ID card", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("language en · confident")
    assert "life_situation:lost-documents  Lost documents" in lines[1]


def test_jsonl_gives_the_partners_api_answers_word_for_word(monkeypatch, client, api_token):
    lines = [
        *LINES,
        "Menin kolikimdi tirkeu kerek, jana satyp aldym",
        "потерял права и техпаспорт",
        "my grandma passed away last night, what do we do about the funeral",
        "renew my drivers licence",
        "хочу открыть ИП, с чего начать",
    ]
    answers = assist_lines(monkeypatch, [json.dumps({"text": t}) for t in lines])
    for text, cli in zip(lines, answers, strict=True):
        response = client.post(
            "/api/v1/assistant/route", {"text": text}, content_type="application/json",
            **api_token,
        )  # fmt: skip
        api = response.json()
        assert api["language"] == cli["language"], text
        assert [(s["kind"], s["id"], s["score"]) for s in api["suggestions"]] == [
            (s["kind"], s["id"], s["score"]) for s in cli["suggestions"]
        ], text
