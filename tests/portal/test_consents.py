"""A citizen sees partners' requests and the consents given, approves or refuses, and
revokes a consent; nobody sees another's."""

from __future__ import annotations

import pytest

from qyzmet.partners.consents import request_consent
from qyzmet.partners.models import ConsentStatus
from qyzmet.partners.onboarding import onboard_partner
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_from_bank(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    bank = onboard_partner(name="Demo Bank", scopes=["consents:request", "applications:write"])
    consent = request_consent(
        partner=bank.partner, iin=citizen.iin, scopes=["applications:write"], purpose="A mortgage"
    )
    return citizen, consent


def test_the_citizen_approves_a_request_then_revokes_it(client, request_from_bank):
    citizen, consent = request_from_bank
    client.force_login(citizen)

    page = client.get("/consents/").content.decode()
    assert "Demo Bank" in page and "A mortgage" in page
    assert "submit and withdraw applications on your behalf" in page

    approved = client.post(f"/consents/{consent.pk}/approve/", follow=True).content.decode()
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.GRANTED and consent.granted_through == "portal"
    assert "Consent given." in approved

    client.post(f"/consents/{consent.pk}/revoke/")
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.REVOKED


def test_the_citizen_refuses_a_request(client, request_from_bank):
    citizen, consent = request_from_bank
    client.force_login(citizen)
    client.post(f"/consents/{consent.pk}/refuse/")
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.REFUSED


def test_nobody_else_sees_or_answers_the_request(client, request_from_bank, demo_people):
    _, consent = request_from_bank
    client.force_login(CitizenFactory(iin=demo_people["pensioner"]))
    assert "Demo Bank" not in client.get("/consents/").content.decode()
    assert client.post(f"/consents/{consent.pk}/approve/").status_code == 404
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.PENDING


def test_the_consents_page_needs_a_signed_in_citizen(client):
    assert client.get("/consents/").status_code == 302
