"""Linking a chat to a citizen: the chat gives an IIN, qyzmet sends a one-time code to that
IIN's owner through qyzmet itself (never into the chat), and the chat types the code. Wrong
codes, code requests and lockouts are limited as at the portal's sign-in: wrong codes lock out
the chat that typed them, never the citizen."""

from __future__ import annotations

import pytest

from qyzmet.audit.models import AuditRecord
from qyzmet.messenger.models import ChatLink
from qyzmet.notifications.models import Notification
from qyzmet.notifications.services import citizen_channels
from tests.accounts.helpers import code_sent_to, unregistered_iin, wrong_code
from tests.messenger.helpers import Messenger, bot_messages

pytestmark = pytest.mark.django_db


def links_of(citizen):
    return ChatLink.objects.filter(citizen=citizen, unlinked_at__isnull=True)


def test_the_code_goes_to_the_owner_of_the_iin_through_qyzmet_never_into_the_chat(chat, citizen):
    chat.write("/start")
    answer = chat.write(citizen.iin)
    assert "we have sent its owner a one-time code through qyzmet" in answer

    [sent] = Notification.objects.filter(kind="signin.code", address=citizen.iin)
    assert sent.channel == "console"  # the demo's outbox; the identity provider decides
    code = code_sent_to(citizen.iin)
    assert all(code not in message.text for message in bot_messages(chat.chat_id))

    assert "this chat is linked to" in chat.write(code)
    [link] = links_of(citizen)
    assert link.chat_id == chat.chat_id
    assert AuditRecord.objects.filter(
        action="messenger.chat_linked", object_id=str(link.pk), actor=citizen
    ).exists()


def test_an_unknown_iin_gets_the_same_answer_and_no_code(chat, citizen, client):
    chat.write("/start")
    known = chat.write(citizen.iin)
    other = Messenger(client)
    other.write("/start")
    nobody = unregistered_iin()
    assert other.write(nobody) == known
    assert not Notification.objects.filter(address=nobody).exists()


def test_a_malformed_iin_is_explained(chat):
    chat.write("/start")
    assert "An IIN has 12 digits." in chat.write("12345")
    assert "If this IIN is in the population registry" in chat.write(unregistered_iin())


def test_a_wrong_code_is_refused_and_links_nothing(chat, citizen):
    chat.write("/start")
    chat.write(citizen.iin)
    assert "The code is wrong or has expired" in chat.write(wrong_code(citizen.iin))
    assert "Enter the 6-digit code." in chat.write("hello")
    assert not links_of(citizen).exists()
    assert "this chat is linked to" in chat.write(code_sent_to(citizen.iin))  # still in time


def test_wrong_codes_lock_the_chat_out_even_for_the_right_code(chat, citizen):
    chat.write("/start")
    chat.write(citizen.iin)
    for _ in range(5):
        answer = chat.write(wrong_code(citizen.iin))
    assert "Too many wrong codes were typed here" in answer
    assert "Too many wrong codes" in chat.write(code_sent_to(citizen.iin))
    assert not links_of(citizen).exists()


def test_a_strangers_wrong_codes_do_not_lock_the_citizens_own_chat_out(client, chat, citizen):
    stranger = Messenger(client)
    stranger.write("/start")
    stranger.write(citizen.iin)
    for _ in range(6):
        stranger.write(wrong_code(citizen.iin))
    chat.write("/start")
    chat.write(citizen.iin)
    assert "this chat is linked to" in chat.write(code_sent_to(citizen.iin))


def test_another_persons_iin_cannot_be_linked_without_their_code(client, citizen):
    stranger = Messenger(client)
    stranger.write("/start")
    stranger.write(citizen.iin)  # the code goes to the citizen, not to the stranger
    for guess in ("000000", "123456", "999999"):
        if guess != code_sent_to(citizen.iin):
            assert "The code is wrong" in stranger.write(guess)
    assert not links_of(citizen).exists()
    assert "is not linked" in stranger.write("/menu")


def test_a_chat_may_ask_for_a_few_codes_an_hour_whatever_the_iins(chat, settings):
    settings.MESSENGER_LINK_CODES_PER_CHAT = 3
    for _ in range(3):
        chat.write("/start")
        assert "If this IIN is in the population registry" in chat.write(unregistered_iin())
    chat.write("/start")
    assert "This chat has asked for too many codes" in chat.write(unregistered_iin())


def test_a_strangers_chats_asking_codes_for_an_iin_do_not_stop_its_owners_chat(
    client, chat, citizen, settings
):
    settings.SIGNIN_CODES_PER_HOUR = 2
    for _ in range(2):
        stranger = Messenger(client)
        for _ in range(2):
            stranger.write("/start")
            assert "If this IIN is in the population registry" in stranger.write(citizen.iin)
        stranger.write("/start")
        assert "Too many codes were asked from here" in stranger.write(citizen.iin)

    chat.write("/start")
    chat.write(citizen.iin)
    assert "this chat is linked to" in chat.write(code_sent_to(citizen.iin))
    assert links_of(citizen).exists()


def test_stop_unlinks_the_chat_and_nothing_more_is_sent_there(linked, citizen):
    assert citizen_channels(citizen) == ["inbox", "messenger"]
    assert "no longer linked" in linked.write("/stop")
    assert not links_of(citizen).exists()
    assert ChatLink.objects.get(citizen=citizen).unlinked_at is not None
    assert AuditRecord.objects.filter(action="messenger.chat_unlinked", actor=citizen).exists()
    assert citizen_channels(citizen) == ["inbox"]
    assert "not linked" in linked.write("/stop")
    assert "not linked" in linked.write("/menu")


def test_linking_another_chat_ends_the_link_of_the_first(linked, citizen, client):
    second = Messenger(client)
    second.write("/start")
    second.write(citizen.iin)
    second.write(code_sent_to(citizen.iin))
    [link] = links_of(citizen)
    assert link.chat_id == second.chat_id
    assert "the account was linked to another chat" in bot_messages(linked.chat_id)[-1].text
    assert "not linked" in linked.write("/menu")


def test_start_in_a_linked_chat_says_whose_it_is_and_shows_the_menu(linked):
    answer = linked.write("/start")
    assert "This chat is linked to ••••••••" in answer
    assert "Moving house" in linked.buttons()
