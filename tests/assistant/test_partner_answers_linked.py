"""A partner's app asks the assistant, then starts the application the citizen chose: with the
same conversation reference, the answer is linked to the application, so the auditors' report
counts "suggested vs. applied for" for partners too; one partner never links another's."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from qyzmet.assistant.models import Record
from qyzmet.partners.onboarding import onboard_partner
from tests.partners.conftest import ALL, PartnerClient

pytestmark = pytest.mark.django_db


def onboarded(client, name: str) -> PartnerClient:
    partner = PartnerClient(client, onboard_partner(name=name, scopes=ALL))
    assert partner.fetch_token().status_code == 200
    return partner


@pytest.fixture
def bank(client) -> PartnerClient:
    return onboarded(client, "Demo Bank")


def ask(partner: PartnerClient, text: str, conversation: str = "") -> dict:
    body = {"text": text, **({"conversation": conversation} if conversation else {})}
    response = partner.call("post", "/assistant/route", body)
    assert response.status_code == 200, response.content
    return response.json()


def start(partner: PartnerClient, grant: str, body: dict) -> dict:
    response = partner.call("post", "/applications", body, token=grant)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_application_a_partner_starts_after_an_answer_is_linked_to_it(bank, citizen):
    answer = ask(bank, "переезжаем в Алматы", conversation="chat-42")
    grant = bank.grant(citizen.iin)
    application = start(bank, grant, {"life_situation": "moving", "conversation": "chat-42"})
    record = Record.objects.get(pk=answer["id"])
    assert record.channel == "partner:demo-bank"
    assert str(record.application_id) == application["id"]
    assert (record.applied_kind, record.applied_id, record.applied_rank) == (
        "life_situation", "moving", 1,
    )  # fmt: skip


def test_the_auditors_report_counts_partners_answers_per_channel(bank, citizen, capsys):
    ask(bank, "I lost my ID card", conversation="session-7")
    grant = bank.grant(citizen.iin)
    start(bank, grant, {"service": "id-card", "conversation": "session-7"})
    call_command("assistant", "report", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["followed"] == 1
    [channel] = report["by_channel"]
    assert (channel["group"], channel["answers"]) == ("partner:demo-bank", 1)
    assert channel["first"] == 0 and channel["top3"] == 1  # the situation first, the service next


def test_an_application_without_the_conversation_is_not_linked(bank, citizen):
    answer = ask(bank, "переезжаем в Алматы", conversation="chat-42")
    start(bank, bank.grant(citizen.iin), {"life_situation": "moving"})
    assert Record.objects.get(pk=answer["id"]).application_id is None


def test_a_partner_cannot_link_another_partners_answer(client, bank, citizen):
    answer = ask(bank, "переезжаем в Алматы", conversation="chat-42")
    other = onboarded(client, "Other Bank")
    start(other, other.grant(citizen.iin), {"life_situation": "moving", "conversation": "chat-42"})
    assert Record.objects.get(pk=answer["id"]).application_id is None
