"""Offers in the chat: the message about a new offer carries Accept and Decline buttons
(``oa:OFFER`` / ``od:OFFER``); pressing one calls the offers domain as the portal does. A
submitted application is reported at once; a draft goes on in the chat from its first
missing field."""

from __future__ import annotations

import uuid
from typing import Any

from qyzmet.core.messages import render
from qyzmet.messenger import applying
from qyzmet.messenger.applying import CHANNEL, menu_row, message
from qyzmet.messenger.models import Chat, Step
from qyzmet.messenger.replies import Button, Reply
from qyzmet.messenger.texts import say
from qyzmet.offers.selectors import offer_of
from qyzmet.offers.services import accept_offer, decline_offer


def offer_buttons(offer_id: uuid.UUID, language: str) -> list[list[Button]]:
    """The buttons under the message telling of an offer."""
    return [
        [
            Button(say("offer_accept", language), f"oa:{offer_id.hex}"),
            Button(say("offer_decline", language), f"od:{offer_id.hex}"),
        ]
    ]


def answer_offer(chat: Chat, citizen: Any, *, offer_id: str, accept: bool) -> list[Reply]:
    """Accept or decline the citizen's offer from its buttons."""
    offer = offer_of(citizen, offer_id)
    language = chat.language
    if not accept:
        decline_offer(offer=offer, citizen=citizen, channel=CHANNEL)
        return [message(chat, render("offer.done_declined", language=language), [menu_row(chat)])]
    acceptance = accept_offer(offer=offer, citizen=citizen, channel=CHANNEL)
    application = acceptance.application
    if acceptance.missing is None:  # submitted (or, accepted before, what became of it)
        return [applying.submitted_reply(chat, application)]
    chat.application, chat.field = application, ""
    missing = acceptance.missing or ""
    chat.step = Step.QUESTIONS if missing.startswith("answers") else Step.FIELD
    draft = message(chat, render("offer.done_draft", language=language))
    return [draft, *applying.carry_on(chat, citizen)]
