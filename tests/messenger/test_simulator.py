"""The demo's messenger simulator: a chat in a page that works without JavaScript, posting
real bot API updates through the webhook's code path."""

from __future__ import annotations

import pytest
from django.test import Client

from qyzmet.messenger.models import SimulatedMessage, Update
from tests.jobs.helpers import run_jobs
from tests.messenger.helpers import SIMULATOR, SimulatorPage

pytestmark = pytest.mark.django_db


def test_the_simulator_is_a_demo_page_only(client, settings):
    settings.DEMO_PAGES = False
    assert client.get(SIMULATOR).status_code == 404
    assert client.post(SIMULATOR, {"text": "/start"}).status_code == 404


def test_the_page_reloads_itself_while_the_bot_answers(client):
    page = SimulatorPage(client)
    client.post(SIMULATOR, {"text": "/start"})
    waiting = page.page()
    assert 'http-equiv="refresh"' in waiting and "qyzmet is answering" in waiting
    [update] = Update.objects.all()
    assert update.chat_id == page.chat_id  # posted as the bot API would, through the webhook
    run_jobs()
    answered = page.page()
    assert 'http-equiv="refresh"' not in answered and "send your IIN" in answered


def test_buttons_are_real_buttons_posting_their_callback_data(client, citizen):
    page = SimulatorPage(client)
    html = page.write("/lang")
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert '<button class="button button-secondary" type="submit" name="button"' in html
    assert "Language: English." in page.press("English")


def test_a_button_that_was_not_offered_in_the_chat_is_ignored(client):
    page = SimulatorPage(client)
    page.write("/lang")
    [offer] = SimulatedMessage.objects.filter(sender="bot")
    client.post(SIMULATOR, {"button": f"{offer.pk}:sub:{'0' * 32}"})
    client.post(SIMULATOR, {"button": "999999:lang:kk"})
    assert not Update.objects.filter(processed_at__isnull=True).exists()


def test_each_browser_has_a_chat_of_its_own(client):
    first, second = SimulatorPage(client), SimulatorPage(Client())
    first.write("/start")
    assert "Write /start to begin" in second.page()
    assert first.chat_id != second.chat_id
    client.post(SIMULATOR, {"new_chat": "1"})
    assert "Write /start to begin" in first.page()


def test_the_simulator_speaks_the_visitors_language(client):
    client.post("/i18n/setlang/", {"language": "kk", "next": SIMULATOR})
    assert "ЖСН-іңізді" in SimulatorPage(client).write("/start")


def test_the_simulator_page_is_translated(client):
    client.post("/i18n/setlang/", {"language": "ru", "next": SIMULATOR})
    page = SimulatorPage(client).page()
    assert "Эта страница есть только в демо" in page and 'href="/demo/outbox/"' in page
