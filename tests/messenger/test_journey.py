"""A citizen completes a life situation in the messenger, end to end: through the simulator
page as a demo visitor does, and through the webhook as a messenger posts."""

from __future__ import annotations

import pytest

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Building
from tests.accounts.helpers import code_sent_to
from tests.factories import officer_of
from tests.jobs.helpers import run_jobs
from tests.messenger.helpers import SimulatorPage, bot_messages

pytestmark = pytest.mark.django_db


def test_a_citizen_moves_house_in_the_messenger_simulator(client, citizen):
    chat = SimulatorPage(client)
    assert "Write /start to begin" in chat.page()

    chat.write("/start")
    assert "send your IIN" in chat.said()
    chat.write(citizen.iin)
    code = code_sent_to(citizen.iin)  # sent through qyzmet, not into the chat
    assert all(code not in m.text for m in bot_messages(chat.chat_id))
    chat.write(code)
    assert "linked to" in chat.page()

    assert "For whom are you applying?" in chat.press("Moving house")  # a parent
    page = chat.press("Myself")
    assert "Question 1 of 2" in page  # the registry says whether they have preschool children
    chat.press("No")
    chat.press("Yes")  # attach to a polyclinic near the new address
    page = chat.press("✎ Do you have children of preschool age? → No")  # not applying for it
    assert "These services apply to you" in page
    assert "Registration at a permanent place of residence" in page
    assert "Population registry" in chat.said()  # each value with its registry

    chat.press("✓ Correct, continue")
    assert "Registration code of the new address (RCA)" in chat.said()
    chat.write("12345")
    assert "⚠ Enter a 16-digit registration code of the new address (RCA)" in chat.said()  # again
    lives_at = find_person(citizen.iin).building_id
    chat.write(Building.objects.exclude(id=lives_at).order_by("id").first().rca)
    assert "Date of the move" in chat.said()
    chat.press("Today")
    chat.press("✓ I confirm")
    assert "Polyclinic" in chat.said()
    chat.write("City Polyclinic No. 5")  # the reason, "I moved house", is not asked
    assert "Check your application “Moving house”" in chat.said()
    assert "City Polyclinic No. 5" in chat.said()

    chat.press("Submit the application")
    application = Application.objects.get(citizen=citizen)
    assert application.channel == "messenger"
    assert application.status != ApplicationStatus.DRAFT
    assert f"application no. {application.reference}" in chat.page()

    case = application.cases.get(service__service__slug="residence-registration")
    decide_case(case=case, officer=officer_of(case.agency), approve=True, channel="backoffice")
    run_jobs()
    assert "Approved: Registration at a permanent place of residence" in chat.page()
