"""Offers reach citizens on every channel: accepted or declined through a partner's app with
the citizen's grant, and with the buttons of the message in a linked messenger chat."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.offers.models import Offer, OfferStatus
from qyzmet.offers.services import accept_offer
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.registries.events import record_retirement
from tests.accounts.helpers import code_sent_to
from tests.factories import CitizenFactory
from tests.jobs.helpers import run_jobs
from tests.messenger.helpers import Messenger, bot_messages, button_update, buttons_of
from tests.offers.conftest import birth, offer_of
from tests.partners.conftest import ALL, PartnerClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(client) -> PartnerClient:
    as_partner = PartnerClient(client, onboard_partner(name="Demo Bank", scopes=ALL))
    assert as_partner.fetch_token().status_code == 200
    return as_partner


def test_a_partner_lists_and_answers_offers_with_the_citizens_grant(partner, father, mother_iin):
    event = birth(mother_iin, father.iin)
    reader = partner.grant(father.iin, scopes=("applications:read",))
    listed = partner.call("get", "/offers", token=reader)
    assert listed.status_code == 200
    mine = {o["rule"]: o for o in listed.json()}
    assert set(mine) == {"birth-benefit-for-parents", "childcare-benefit-for-parents"}
    offer = mine["birth-benefit-for-parents"]
    assert (offer["status"], offer["event"]["kind"], offer["offered"]["id"]) == (
        "pending", "birth", "birth-benefit",
    )  # fmt: skip
    first = partner.call("get", "/offers?limit=1", token=reader)
    following = first["Link"].split("<")[1].split(">")[0].split("/api/v1", 1)[1]
    second = partner.call("get", following, token=reader)
    assert [o["id"] for o in first.json() + second.json()] == [o["id"] for o in listed.json()]
    refused = partner.call("post", f"/offers/{offer['id']}/accept", token=reader)
    assert refused.status_code == 403  # reading is not answering

    writer = partner.grant(father.iin)
    accepted = partner.call("post", f"/offers/{offer['id']}/accept", token=writer)
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["missing_field"] is None and body["offer"]["status"] == "accepted"
    application = body["application"]
    assert application["status"] == "submitted" and application["channel"] == "partner:demo-bank"
    assert application["data"]["birth-benefit"]["child_iin"] == event.subject_iin
    own = partner.call("get", f"/applications/{application['id']}", token=writer)
    assert own.status_code == 200  # made through the partner: the partner follows it

    other = mine["childcare-benefit-for-parents"]["id"]
    declined = partner.call("post", f"/offers/{other}/decline", token=writer)
    assert declined.json()["status"] == "declined"
    hers = offer_of(event, mother_iin, "birth-benefit-for-parents")
    assert partner.call("post", f"/offers/{hers.pk}/accept", token=writer).status_code == 404
    assert partner.call("post", "/offers/not-an-id/accept", token=writer).status_code == 404


def test_an_offer_accepted_in_the_portal_is_not_shown_to_a_partner(partner, father, mother_iin):
    offer = offer_of(birth(mother_iin, father.iin), father.iin, "birth-benefit-for-parents")
    accept_offer(offer=offer, citizen=father, channel="portal")
    writer = partner.grant(father.iin)
    again = partner.call("post", f"/offers/{offer.pk}/accept", token=writer)
    assert again.status_code == 200
    assert again.json()["application"] is None  # the partner sees only what it made


def test_offers_come_to_a_linked_chat_with_buttons(client, father, mother_iin):
    chat = Messenger(client)
    chat.write("/start")
    chat.write(father.iin)
    assert "linked to" in chat.write(code_sent_to(father.iin))

    event = birth(mother_iin, father.iin)  # the worker delivers the offers to the chat
    offered = bot_messages(chat.chat_id)[-2:]
    assert offered[0].text.startswith("The state offers you: One-off benefit for the birth")
    assert [list(buttons_of(message)) for message in offered] == [["Accept", "Decline"]] * 2

    assert "Application submitted" in chat.press("Accept")
    offer = offer_of(event, father.iin, "childcare-benefit-for-parents")  # the last message's
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.decided_through == "messenger"
    assert offer.application.status == ApplicationStatus.SUBMITTED
    assert Application.objects.filter(citizen=father, channel="messenger").count() == 1

    assert chat.press("Decline") == "This offer has already been accepted."
    decline = buttons_of(offered[0])["Decline"]  # the birth benefit's, further up
    assert chat.post(button_update(chat.chat_id, offered[0], decline)).status_code == 200
    run_jobs()
    assert "You declined the offer" in bot_messages(chat.chat_id)[-1].text
    answered = Offer.objects.filter(citizen_iin=father.iin).values_list("status", flat=True)
    assert set(answered) == {"accepted", "declined"}


def test_an_offer_accepted_in_the_chat_goes_on_at_the_first_missing_field(client, demo_people):
    pensioner = CitizenFactory(iin=demo_people["pensioner"])
    chat = Messenger(client)
    chat.write("/start")
    chat.write(pensioner.iin)
    chat.write(code_sent_to(pensioner.iin))
    record_retirement(iin=pensioner.iin, channel="test")
    run_jobs()
    said = chat.press("Accept")
    assert "add what is missing" in said and "Years worked before 1 January 1998" in said
    said = chat.write("12") + chat.press("Submit the application")
    # the old-age pension needs the employment record book's pages: uploaded in the portal
    assert "Employment record book (copy of its pages): upload the file." in said
    assert "Documents cannot be uploaded here" in said and "/applications/" in said
