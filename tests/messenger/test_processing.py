"""A chat's updates are answered one at a time, in order, once, whatever the number of workers:
a worker holds the chat's lease while it answers, not a database transaction (so registries
served by other processes can record their reads meanwhile). A worker that dies holding the
lease delays the chat until the lease ends; then the updates are answered."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qyzmet.messenger import processing
from qyzmet.messenger.conversation import converse
from qyzmet.messenger.models import Chat, Update
from qyzmet.messenger.processing import LEASE, process_updates, take_lease
from qyzmet.messenger.updates import parse_update
from qyzmet.messenger.webhook import receive_update
from tests.concurrency import at_once, errors_of
from tests.jobs.helpers import jobs_come_due, run_jobs, waiting_jobs
from tests.messenger.helpers import bot_messages, text_update

pytestmark = pytest.mark.django_db


def test_a_worker_finding_the_chat_held_leaves_its_updates_and_looks_again_when_the_lease_ends(
    chat,
):
    chat.write("/start")
    held = take_lease(chat.chat_id)  # another worker, answering the chat
    assert isinstance(held, Chat)
    chat.post(text_update(chat.chat_id, "/help"))
    run_jobs()
    assert len(bot_messages(chat.chat_id)) == 1  # left to the worker holding the chat
    again = waiting_jobs().get()
    assert again.run_after == held.leased_until
    assert held.leased_until is not None
    assert held.leased_until - timezone.now() <= LEASE

    # That worker died: its lease ends, and the job looking again answers the update.
    Chat.objects.filter(pk=chat.chat_id).update(leased_until=timezone.now())
    jobs_come_due()
    run_jobs()
    texts = [m.text for m in bot_messages(chat.chat_id)]
    assert len(texts) == 2 and "/stop" in texts[1]
    assert Chat.objects.get(pk=chat.chat_id).lease == ""
    assert not Update.objects.filter(processed_at__isnull=True).exists()


def test_the_lease_is_let_go_when_no_update_waits(chat):
    chat.write("/start")
    found = Chat.objects.get(pk=chat.chat_id)
    assert (found.lease, found.leased_until) == ("", None)
    assert process_updates(chat_id=chat.chat_id).answered == 0  # nothing waits
    assert Chat.objects.get(pk=chat.chat_id).lease == ""


def test_a_worker_whose_lease_ended_and_was_taken_meanwhile_keeps_and_sends_nothing(
    chat, monkeypatch
):
    chat.write("/start")
    chat.post(text_update(chat.chat_id, "/lang"))

    def slow_converse(found, incoming):  # so slow that its lease ended and was taken
        Chat.objects.filter(pk=found.pk).update(
            lease="another-worker", leased_until=timezone.now() + LEASE
        )
        return converse(found, incoming)

    monkeypatch.setattr(processing, "converse", slow_converse)
    assert process_updates(chat_id=chat.chat_id).answered == 0
    assert len(bot_messages(chat.chat_id)) == 1  # the worker now holding the chat answers it
    assert Update.objects.filter(processed_at__isnull=True).count() == 1
    assert Chat.objects.get(pk=chat.chat_id).lease == "another-worker"


def _receive(chat_id: int, text: str, update_id: int) -> None:
    payload = text_update(chat_id, text, update_id=update_id)
    incoming = parse_update(payload)
    assert incoming is not None
    receive_update(incoming=incoming, payload=payload)


WORKERS = 4


def test_workers_answering_one_chat_at_once_answer_each_update_once_and_in_order(
    committed_platform,
):
    chat_id = 6_000_001
    texts = ["/start", "/help", "/lang", "/help", "/menu", "/lang"]
    for number, text in enumerate(texts):
        _receive(chat_id, text, update_id=60_000 + number)
    results = at_once(lambda: process_updates(chat_id=chat_id).answered, times=WORKERS)
    assert not errors_of(results), results
    assert sum(results) == len(texts)
    said = [m.text for m in bot_messages(chat_id)]
    assert len(said) == len(texts)
    assert "send your IIN" in said[0] and "/stop" in said[1] and "language" in said[2]
    assert "language" in said[5]
    assert Chat.objects.get(pk=chat_id).lease == ""
