"""When the assistant is unsure it asks one question naming the top choices; when nothing in
the catalogue is close it says so, and every channel keeps its way of showing that."""

from __future__ import annotations

import pytest

from qyzmet.assistant.routing import route_request

pytestmark = pytest.mark.django_db

CLOSE = {"service:address-certificate": 3.0, "service:criminal-record-certificate": 2.8}


def test_an_unsure_answer_asks_which_of_the_top_choices_is_meant(fixed_backend):
    fixed_backend(CLOSE)
    routing = route_request(text="нужна справка", channel="test", language_hint="ru")
    assert routing.status == "unsure"
    assert routing.confidence < 0.7
    assert routing.question == (
        "Что именно вам нужно: «Выдача адресной справки с места жительства» или «Выдача справки"
        " о наличии либо отсутствии судимости»?"
    )
    assert [s.id for s in routing.suggestions[:2]] == [
        "address-certificate", "criminal-record-certificate",
    ]  # fmt: skip


def test_the_question_is_asked_in_the_language_the_person_reads(fixed_backend):
    fixed_backend(CLOSE)
    routing = route_request(text="справка керек", channel="test", language_hint="kk")
    assert routing.question.startswith("Сізге қайсысы керек: «Тұрғылықты жерінен мекенжай")
    assert " әлде " in routing.question


def test_a_sure_answer_asks_nothing(fixed_backend):
    fixed_backend({"life_situation:moving": 9.0, "service:residence-registration": 2.0})
    routing = route_request(text="переезжаю", channel="test")
    assert (routing.status, routing.question) == ("confident", "")
    assert routing.suggestions[0].id == "moving" and len(routing.suggestions) >= 3


def test_the_portal_shows_the_question_with_the_choices_as_links(client, fixed_backend):
    fixed_backend(CLOSE)
    page = client.get("/search/", {"q": "справка"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Which one do you mean: «Certificate of registered address» or «" in page
    assert page.index("/services/address-certificate/") < page.index(
        "/services/criminal-record-certificate/"
    )


def test_words_that_match_nothing_get_the_portals_nothing_found(client):
    page = client.get("/search/", {"q": "qwzx"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing matches “qwzx”" in page


def test_the_messenger_asks_the_same_question_with_a_button_per_choice(fixed_backend, linked):
    fixed_backend(CLOSE)
    reply = linked.write("справка")
    assert "Which one do you mean" in reply
    assert linked.buttons()[:2] == [
        "Certificate of registered address",
        "Certificate of criminal record (or its absence)",
    ]


@pytest.fixture
def linked(client, citizen):
    from tests.accounts.helpers import code_sent_to
    from tests.messenger.helpers import Messenger

    chat = Messenger(client)
    chat.write("/start")
    chat.write(citizen.iin)
    chat.write(code_sent_to(citizen.iin))
    return chat
