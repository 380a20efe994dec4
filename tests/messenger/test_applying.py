"""Applying in the chat: the same drafts, questions, registry data and submission as in the
portal, through buttons and typed values."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.selectors import service_version
from qyzmet.messenger.fields import Field, choices
from qyzmet.registries.models import Building
from tests.jobs.helpers import run_jobs
from tests.messenger.helpers import MYSELF, Messenger, bot_messages, button_update, buttons_of

pytestmark = pytest.mark.django_db


PRESCHOOL = "Do you have children of preschool age?"


def answer_moving(chat: Messenger, preschool: str, *answers: str) -> str:
    """Start moving for oneself and answer its questions. The parent's registry record
    answers the preschool question (not asked); another answer is chosen with its ✎ button."""
    chat.press("Moving house")
    reply = chat.press(MYSELF)  # a parent may apply for their children too: "For whom?"
    assert PRESCHOOL not in reply
    for answer in answers:
        reply = chat.press(answer)
    if preschool == "No":
        reply = chat.press(f"✎ {PRESCHOOL} → No")
    return reply


def reach_review(chat: Messenger) -> str:
    answer_moving(chat, "No", "No", "No")
    chat.press("✓ Correct, continue")
    chat.write(Building.objects.order_by("-id").first().rca)  # not where the parent lives
    chat.press("Today")
    return chat.press("✓ I confirm")


def test_a_double_tapped_submit_creates_one_application(linked, citizen):
    assert "Check your application" in reach_review(linked)
    review = linked.last()
    submit = buttons_of(review)["Submit the application"]
    for _ in range(2):  # two taps before the worker answers the first
        assert linked.post(button_update(linked.chat_id, review, submit)).status_code == 200
    run_jobs()
    [application] = Application.objects.filter(citizen=citizen)
    assert application.submitted_at is not None  # one case is decided at once: "in review"
    assert application.idempotency_key == f"messenger:{linked.chat_id}:{application.pk.hex}"
    assert application.cases.count() == 2
    answers = [m.text for m in bot_messages(linked.chat_id) if m.text.startswith("Submitted:")]
    assert len(answers) == 2 and len(set(answers)) == 1  # both taps: the same application
    assert f"application no. {application.reference}" in answers[0]


def test_a_field_the_chat_cannot_fill_is_left_to_the_portal_in_the_same_draft(
    linked, citizen, client, settings
):
    settings.PUBLIC_URL = "https://qyzmet.example"
    version = service_version("residence-registration")
    form = version.definition["form"]
    form["properties"]["earlier_addresses"] = {
        "type": "array",
        "items": {"type": "string"},
        "x-label": {"kk": "Бұрынғы мекенжайлар", "ru": "Прежние адреса", "en": "Earlier addresses"},
    }
    form["required"].insert(0, "earlier_addresses")
    form["x-order"].insert(0, "earlier_addresses")
    ServiceVersion.objects.filter(pk=version.pk).update(definition=version.definition)

    answer_moving(linked, "No", "No", "No")
    answer = linked.press("✓ Correct, continue")
    application = Application.objects.get(citizen=citizen)
    assert "“Earlier addresses” cannot be filled in here" in answer
    assert f"https://qyzmet.example/applications/{application.pk}/details/" in answer

    client.force_login(citizen)  # the same draft, in the portal
    page = client.get(f"/applications/{application.pk}/details/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Earlier addresses" in page.content.decode()
    assert application.status == ApplicationStatus.DRAFT and application.channel == "messenger"


def test_values_typed_in_the_chat_are_kept_in_the_draft(linked, citizen):
    answer_moving(linked, "No", "No", "No")
    linked.press("✓ Correct, continue")
    rca = Building.objects.order_by("id").first().rca
    linked.write(" ".join([rca[:8], rca[8:]]))  # spaces are allowed in digits
    asked = linked.write("yesterday")
    assert "Type the date, for example: 20.11.2026 or 20 November 2026." in asked
    assert "⚠ The date of the move must be a real date" in linked.last().text
    linked.write("1 March 2026")
    data = Application.objects.get(citizen=citizen).data["residence-registration"]
    assert data["new_address_rca"] == rca and data["move_date"] == "2026-03-01"


def test_a_move_typed_for_tomorrow_is_refused_in_the_chat_with_the_portals_words(linked, citizen):
    answer_moving(linked, "No", "No", "No")
    linked.press("✓ Correct, continue")
    linked.write(Building.objects.order_by("id").first().rca)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    linked.write(tomorrow.strftime("%d.%m.%Y"))
    asked_again = linked.last()
    assert "⚠ The date of the move must be today or in the past" in asked_again.text
    assert "Today" in buttons_of(asked_again)  # the same question, kept in the draft as typed
    linked.press("Today")
    data = Application.objects.get(citizen=citizen).data["residence-registration"]
    assert data["move_date"] == timezone.localdate().isoformat()


def test_today_is_offered_for_a_move_but_not_for_a_wedding_which_must_be_later():
    today = timezone.localdate().isoformat()
    move = Field(service=service_version("residence-registration"), name="move_date")
    wedding = Field(service=service_version("marriage-registration"), name="desired_date")
    assert choices(move, None, "en") == [("Today", today)]  # type: ignore[arg-type]
    assert choices(wedding, None, "en") == []  # type: ignore[arg-type]


def test_children_in_the_registry_are_offered_for_a_childs_iin(linked, citizen):
    answer_moving(linked, "Yes", "No", "No")
    linked.press("✓ Correct, continue")
    linked.write(Building.objects.order_by("id").first().rca)
    linked.press("Today")
    linked.press("✓ I confirm")
    assert "Child's IIN" in linked.last().text
    children = Application.objects.get(citizen=citizen).prefill["population.person.children"]
    assert [c["iin"] for c in children]
    assert len(linked.buttons()) == len(children) + 1  # and the menu


def test_the_citizen_can_say_in_their_own_words_what_happened(linked):
    assert "This is what I found for “we moved to a new flat”" in linked.write(
        "we moved to a new flat"
    )
    assert "Moving house" in linked.buttons()
    assert "For whom are you applying?" in linked.press("Moving house")  # a parent
    assert "Question 1 of 2" in linked.press(MYSELF)  # the registry answered the first


def test_words_that_match_nothing_get_the_list_of_life_situations(linked):
    assert "I found nothing for “qwzx”" in linked.write("qwzx")
    assert "Moving house" in linked.buttons()


def test_a_single_service_found_by_words_is_applied_for_without_questions(linked, citizen):
    linked.write("proof of address certificate")
    linked.press("Certificate of registered address")
    answer = linked.press(MYSELF)
    assert "These services apply to you" in answer and "Question" not in answer
    assert "Check your application" in linked.press("✓ Correct, continue")  # nothing to type
    linked.press("Submit the application")
    application = Application.objects.get(citizen=citizen)
    assert application.service.slug == "address-certificate"
    assert application.channel == "messenger"


def test_changing_an_earlier_answer_changes_the_services_that_apply(linked):
    linked.press("Moving house")
    linked.press(MYSELF)
    first_question = linked.last()
    linked.press("No")
    assert "Kindergarten waiting list" in linked.press("No")  # the registry's answer: yes
    assert "Kindergarten" not in linked.press(f"✎ {PRESCHOOL} → No")
    yes = buttons_of(first_question)["Yes"]
    linked.post(button_update(linked.chat_id, first_question, yes))
    run_jobs()
    services = bot_messages(linked.chat_id)[-2].text
    assert "These services apply to you" in services and "First-grade school enrolment" in services


def test_a_button_that_no_longer_fits_changes_nothing(linked, citizen, notices):
    linked.press("Moving house")
    linked.press(MYSELF)
    old_question = linked.last()
    linked.write("/menu")
    linked.press("Moving house")
    linked.press(MYSELF)  # a new draft
    linked.post(button_update(linked.chat_id, old_question, buttons_of(old_question)["Yes"]))
    run_jobs()
    assert notices[-1] == "This button is no longer active."
    newest = Application.objects.filter(citizen=citizen).order_by("-created_at")[0]
    assert newest.answers == {"has_preschool_children": True}  # from the registry alone


def test_text_where_a_button_is_expected_asks_again(linked):
    linked.press("Moving house")
    linked.press(MYSELF)
    answer = linked.write("maybe")
    assert "Please answer with the buttons above" in answer and "Question 1 of 2" in answer


def test_the_chat_speaks_the_citizens_language(client, citizen):
    chat = Messenger(client, language="ru")
    assert "Чтобы связать чат, отправьте ваш ИИН" in chat.write("/start")
    assert chat.write("/lang") == "Выберите язык:"
    assert chat.press("Қазақша") == "Тіл: қазақша."
    assert "ЖСН-іңізді" in chat.write("/start")
