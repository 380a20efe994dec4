"""The webhook the bot API posts updates to: only with the secret token, acknowledged at once
and answered by a background worker, each update once however often it is sent, and a clear
400 for anything that is not an update."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.messenger.models import Update
from qyzmet.messenger.purging import purge_updates
from qyzmet.messenger.webhook import webhook_secret
from tests.jobs.helpers import run_jobs, waiting_jobs
from tests.messenger.helpers import WEBHOOK, bot_messages, text_update

pytestmark = pytest.mark.django_db


def post(client, body, **headers):
    return client.post(WEBHOOK, body, content_type="application/json", headers=headers)


def test_the_webhook_needs_the_secret_token(client, chat):
    update = text_update(chat.chat_id, "/start")
    assert post(client, update).status_code == 401
    assert post(client, update, **{"X-Telegram-Bot-Api-Secret-Token": "guess"}).status_code == 403
    assert client.get(WEBHOOK).status_code == 401
    assert not Update.objects.exists() and not waiting_jobs().exists()
    assert chat.post(update).status_code == 200


def test_the_secret_token_can_be_set(client, chat, settings):
    settings.MESSENGER_WEBHOOK_SECRET = "a-secret_from-the-environment"
    update = text_update(chat.chat_id, "/start")
    assert chat.post(update, secret="a-secret_from-the-environment").status_code == 200
    assert chat.post(update, secret="another").status_code == 403


def test_an_update_is_acknowledged_at_once_and_answered_by_a_worker(chat):
    assert chat.post(text_update(chat.chat_id, "/start")).status_code == 200
    assert bot_messages(chat.chat_id) == []  # nothing answered in the web request
    assert waiting_jobs().count() == 1

    run_jobs()
    [answer] = bot_messages(chat.chat_id)
    assert "send your IIN" in answer.text


def test_a_repeated_update_is_acknowledged_and_answered_once(chat):
    update = text_update(chat.chat_id, "/start")
    assert chat.post(update).status_code == 200
    run_jobs()
    assert chat.post(update).status_code == 200  # the bot API sent it again
    assert chat.post(update).status_code == 200
    run_jobs()
    assert len(bot_messages(chat.chat_id)) == 1
    assert Update.objects.filter(update_id=update["update_id"]).count() == 1


def test_updates_waiting_together_are_answered_in_order_and_once(chat, citizen):
    for text in ("/start", "/help", "/lang"):
        chat.post(text_update(chat.chat_id, text))
    assert waiting_jobs().count() == 3
    run_jobs()
    texts = [m.text for m in bot_messages(chat.chat_id)]
    assert len(texts) == 3
    assert "send your IIN" in texts[0] and "/stop" in texts[1] and "language" in texts[2]


def test_what_the_citizen_typed_is_not_kept_once_answered(chat, citizen):
    chat.write("/start")
    chat.write(citizen.iin)
    assert all(u.payload == {} and u.processed_at for u in Update.objects.all())


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe{",
        b"[1, 2]",
        b"{}",
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b'{"update_id": 7, "message": "hello"}',
        b'{"update_id": 7, "message": {"text": "no chat"}}',
        b'{"update_id": 7, "message": {"chat": {"id": "12"}, "text": "hi"}}',
        b'{"update_id": 7, "callback_query": {"data": "menu", "message": {"chat": {"id": 1}}}}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"update_id": 7, "message": {"chat": {"id": 1}, "text": "hi\\u0000"}}',  # no database
        b'{"update_id": 7, "message": {"chat": {"id": 1}, "text": "hi\\ud800"}}',  # stores these
    ],
    ids=range(13),
)
def test_what_is_not_an_update_is_refused_with_400_not_500(chat, body):
    response = chat.client.post(
        WEBHOOK, body, content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": webhook_secret()},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Update.objects.exists()


def test_updates_the_bot_does_not_answer_are_acknowledged_and_dropped(chat):
    group = text_update(-100123, "/start")
    group["message"]["chat"] = {"id": -100123, "type": "group", "title": "Neighbours"}
    edited = {"update_id": 99, "edited_message": text_update(chat.chat_id, "x")["message"]}
    for update in (group, edited):
        assert chat.post(update).status_code == 200
    assert not Update.objects.exists() and not waiting_jobs().exists()


def test_a_message_without_text_gets_an_answer(chat):
    update = text_update(chat.chat_id, "")
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "x", "width": 1, "height": 1}]
    assert chat.post(update).status_code == 200
    run_jobs()
    assert "/start" in bot_messages(chat.chat_id)[0].text


def test_the_webhook_accepts_only_post(chat):
    response = chat.client.get(
        WEBHOOK, headers={"X-Telegram-Bot-Api-Secret-Token": webhook_secret()}
    )
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_answered_updates_are_forgotten_after_a_week(chat):
    chat.write("/start")
    chat.post(text_update(chat.chat_id, "/help"))  # not answered yet
    Update.objects.update(received_at=timezone.now() - datetime.timedelta(days=8))
    assert purge_updates() == 1
    assert Update.objects.get().processed_at is None
