"""In the chat, a review that needs a signature says what is signed; an EDS signature is made
in the portal (NCALayer and the key are on the citizen's computer), never by a chat button."""

from __future__ import annotations

import pytest

from qyzmet.messenger import applying
from qyzmet.messenger.models import Chat, Step
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def review_of(citizen, service, language="en"):
    draft = ApplicationFactory(service=service, citizen=citizen)
    chat = Chat.objects.create(chat_id=7_700_001, language=language, step=Step.FIELD,
                               application=draft)  # fmt: skip
    [reply] = applying.carry_on(chat, citizen)
    return draft, chat, reply


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "must be signed with your EDS"), ("ru", "нужно подписать ЭЦП"),
     ("kk", "ЭЦҚ-мен қол қою керек")],
)  # fmt: skip
def test_an_eds_service_is_sent_to_the_portals_review_page_to_be_signed(
    citizen, settings, language, words
):
    settings.PUBLIC_URL = "https://qyzmet.example"
    draft, chat, reply = review_of(citizen, "vehicle-registration", language)
    assert chat.step == Step.REVIEW
    assert words in reply.text and draft.reference in reply.text
    assert f"https://qyzmet.example/applications/{draft.pk}/review/" in reply.text
    data = [button.data for row in reply.rows for button in row]
    assert not any(d.startswith(("sub:", "code:")) for d in data)  # no way round the signature


def test_an_sms_service_offers_a_code_instead_of_a_plain_submit(citizen):
    draft, _chat, reply = review_of(citizen, "encumbrance-certificate")
    data = [button.data for row in reply.rows for button in row]
    assert f"code:{draft.pk.hex}" in data and f"sub:{draft.pk.hex}" not in data
    assert "typing it here confirms application" in reply.text


def test_a_submit_button_of_an_eds_service_pressed_anyway_submits_nothing(citizen):
    draft, chat, _ = review_of(citizen, "vehicle-registration")
    replies = applying.submit(chat, citizen, application_id=draft.pk.hex)
    assert "must be signed with your EDS" in replies[0].text
    draft.refresh_from_db()
    assert draft.status == "draft"
