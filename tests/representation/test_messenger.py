"""Starting an application in the messenger, a citizen who may act for others is asked "For
whom?" with the choices of ``represented_by`` (in their language), and the draft is made in
the name of whom they chose; one who acts only for themself is not asked."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import Application
from qyzmet.representation.mandates import accept_mandate, end_mandate, grant_mandate
from tests.accounts.helpers import code_sent_to
from tests.messenger.helpers import Messenger, button_update
from tests.representation.conftest import SERVICE, later

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandate(principal, representative):
    given = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[SERVICE],
        until=later(30), channel="portal",
    )  # fmt: skip
    return accept_mandate(mandate=given, representative=representative, channel="portal")


def linked(client, citizen, language="en") -> Messenger:
    chat = Messenger(client, language=language)
    chat.write("/start")
    chat.write(citizen.iin)
    chat.write(code_sent_to(citizen.iin))
    return chat


def find_service(chat: Messenger) -> str:
    """Press the service's button, as the search or the menu shows it."""
    assert chat.post(button_update(chat.chat_id, chat.last(), f"sv:{SERVICE}")).status_code == 200
    return "\n".join(chat._new())


def test_a_representative_chooses_the_principal_and_applies_in_their_name(
    client, principal, representative, mandate
):
    chat = linked(client, representative)

    asked = find_service(chat)

    assert "For whom are you applying?" in asked
    choices = chat.buttons()
    assert "Myself" in choices
    [theirs] = [b for b in choices if b.endswith("· Mandate")]
    chat.press(theirs)
    draft = Application.objects.get(citizen=representative)
    assert draft.subject_iin == principal.iin
    assert (draft.ground, draft.mandate_id) == ("granted", mandate.pk)


def test_choosing_myself_applies_for_oneself(client, principal, representative, mandate):
    chat = linked(client, representative)
    find_service(chat)

    chat.press("Myself")

    draft = Application.objects.get(citizen=representative)
    assert (draft.subject_iin, draft.ground) == (representative.iin, "self")


@pytest.mark.parametrize(
    ("language", "asked", "myself"),
    [
        ("kk", "Өтінішті кім үшін бересіз?", "Өзім үшін"),
        ("ru", "За кого вы подаёте заявление?", "За себя"),
    ],
)
def test_the_question_is_in_the_chats_language(
    client, principal, representative, mandate, language, asked, myself
):
    chat = linked(client, representative, language)
    chat.write("/lang")
    chat.press({"kk": "Қазақша", "ru": "Русский"}[language])

    assert asked in find_service(chat)
    assert myself in chat.buttons()


def test_someone_who_acts_only_for_themself_is_not_asked(client, principal):
    chat = linked(client, principal)

    answer = find_service(chat)

    assert "For whom" not in answer
    assert Application.objects.get(citizen=principal).ground == "self"


def test_a_mandate_ended_after_the_question_refuses_the_choice_saying_why(
    client, principal, representative, mandate
):
    chat = linked(client, representative)
    find_service(chat)
    [theirs] = [b for b in chat.buttons() if b.endswith("· Mandate")]
    end_mandate(mandate=mandate, person=principal, channel="portal")

    answer = chat.press(theirs)

    assert "You cannot apply for this person or company: their mandate was ended." in answer
    assert not Application.objects.filter(citizen=representative).exists()
