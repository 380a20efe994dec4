"""A date that ends a sentence in the reader's language ("6 марта 2027 г.") ends it once: no
notification or message reads "г.."."""

from __future__ import annotations

import datetime

from qyzmet.core.messages import MESSAGES, render
from qyzmet.core.texts import filled
from qyzmet.formats import date_text
from qyzmet.notifications.kinds import render_message

UNTIL = date_text(datetime.date(2027, 3, 6))
OFFER = {"title": {"ru": "Пенсия"}, "description": {"ru": "Вы достигли возраста."}, "until": UNTIL}


def test_an_offer_open_until_a_russian_date_ends_with_one_full_stop():
    _, body = render_message(kind="offer.made", context=OFFER, language="ru")
    assert body.endswith("оно действует до 6 марта 2027 г.")
    _, html = render_message(kind="offer.made", context=OFFER, language="ru", html=True)
    assert "г.." not in html and "2027 г." in html


def test_a_message_ending_with_a_value_that_ends_a_sentence_keeps_one_full_stop(monkeypatch):
    monkeypatch.setitem(
        MESSAGES, "test.until", {"ru": "Действует до {until}.", "en": "Until {until}."}
    )
    assert render("test.until", {"until": UNTIL}, "ru") == "Действует до 6 марта 2027 г."
    assert render("test.until", {"until": UNTIL}, "en") == "Until 6 March 2027."


def test_a_full_stop_inside_a_value_changes_nothing_else():
    assert filled("{a}. {b}", {"a": "x.", "b": "y"}) == "x. y"
    assert filled("{a}, {b}.", {"a": "x.", "b": "y"}) == "x., y."
