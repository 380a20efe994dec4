"""News of a citizen's applications reaches their linked chat, whatever channel the
application came from; without a linked chat it stays in the inbox."""

from __future__ import annotations

import pytest

from qyzmet.messenger.clients import BotApiError, ClientRegistry, SimulatorClient
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.services import citizen_channels
from tests.factories import ApplicationFactory
from tests.jobs.helpers import jobs_come_due, run_jobs
from tests.messenger.helpers import bot_messages

pytestmark = pytest.mark.django_db


def test_a_decision_on_a_portal_application_reaches_the_linked_chat(linked, citizen):
    application = ApplicationFactory(citizen=citizen, rejected=True)
    run_jobs()
    texts = [m.text for m in bot_messages(linked.chat_id)]
    assert any(t.startswith("Application submitted: Issuing a Kazakhstan passport") for t in texts)
    [rejected] = [t for t in texts if t.startswith("Rejected: ")]
    assert "Reason: Documents are missing." in rejected
    assert f"/applications/{application.pk}/" in rejected  # the link to follow it
    assert set(
        Notification.objects.filter(kind="case.decided").values_list("channel", flat=True)
    ) == {"inbox", "messenger"}


def test_without_a_linked_chat_news_stays_in_the_inbox(citizen):
    assert citizen_channels(citizen) == ["inbox"]
    ApplicationFactory(citizen=citizen, approved=True)
    assert set(Notification.objects.values_list("channel", flat=True)) == {"inbox"}


def test_a_chat_unlinked_before_delivery_is_not_written_to(linked, citizen):
    ApplicationFactory(citizen=citizen, submitted=True)
    before = len(bot_messages(linked.chat_id))
    linked.write("/stop")  # the worker runs the delivery after the unlink
    message = Notification.objects.get(channel="messenger")
    assert message.status == NotificationStatus.FAILED
    assert [m.text for m in bot_messages(linked.chat_id)[before:]] == [
        "This chat is no longer linked; nothing more will be sent here. /start links it again."
    ]


class DownClient(SimulatorClient):
    def send_message(self, **kwargs):
        raise BotApiError("Too Many Requests: retry after 5", code=429)


def test_a_message_the_bot_api_refuses_is_tried_again_later(linked, citizen, monkeypatch):
    registry = ClientRegistry()
    registry.register(DownClient())
    monkeypatch.setattr("qyzmet.messenger.clients.clients", registry)
    ApplicationFactory(citizen=citizen, submitted=True)
    run_jobs()
    message = Notification.objects.get(channel="messenger")
    assert (message.status, message.attempts) == (NotificationStatus.QUEUED, 1)
    assert "Too Many Requests" in message.error

    monkeypatch.undo()
    jobs_come_due()
    run_jobs()
    message.refresh_from_db()
    assert message.status == NotificationStatus.SENT
    assert bot_messages(linked.chat_id)[-1].text.startswith("Application submitted")
