"""A partner onboarded by an operator gets OAuth2 tokens, and acts for a citizen only after
the citizen confirms; it sees only what it made, within its scopes and rate limit."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.partners.consents import approve_consent, revoke_consent
from qyzmet.partners.models import Consent, ConsentStatus, Partner
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.registries.fields import find_person
from tests.factories import ApplicationFactory, CitizenFactory
from tests.jobs.helpers import run_jobs
from tests.partners.conftest import PartnerClient, code_sent_to

pytestmark = pytest.mark.django_db


def passport(iin: str) -> dict:
    version = service_version("passport")
    return {"service": "passport", "data": {"passport": sample_values(version, find_person(iin))}}


def test_the_operator_onboards_a_partner_whose_secret_is_stored_hashed(capsys):
    call_command("partners", "onboard", "Kaspi Demo", "--scopes", "applications:read")
    out = capsys.readouterr().out
    secret = out.split("client_secret:")[1].split()[0]
    client_app = Partner.objects.get(slug="kaspi-demo").application
    assert client_app.client_secret != secret and client_app.client_secret.startswith("pbkdf2")


def test_a_token_carries_the_partners_scopes_and_is_short_lived(partner):
    body = partner.fetch_token().json()
    assert body["token_type"] == "Bearer"
    assert 0 < body["expires_in"] <= 600
    assert set(body["scope"].split()) == set(partner.partner.scopes)


def test_a_wrong_secret_gets_no_token(partner):
    assert partner.fetch_token(secret="wrong").status_code == 401


def test_a_partner_cannot_act_for_a_citizen_it_merely_names(partner, demo_people):
    response = partner.call("post", "/applications", passport(demo_people["parent"]))
    assert response.status_code == 403
    assert response.json()["code"] == "auth.partner_needs_consent"


def test_with_the_citizens_code_the_partner_submits_for_them(partner, demo_people):
    iin = demo_people["parent"]
    grant = partner.grant(iin)

    submitted = partner.call(
        "post", "/applications", {**passport(iin), "submit": True}, token=grant
    )

    assert submitted.status_code == 201, submitted.content
    assert submitted.json()["channel"] == "partner:demo-bank"
    mine = partner.call("get", "/applications", token=grant).json()
    assert [a["id"] for a in mine] == [submitted.json()["id"]]
    assert AuditRecord.objects.filter(action="consent.granted").exists()


def test_a_partner_sees_only_the_applications_it_made(partner, demo_people):
    iin = demo_people["parent"]
    in_portal = ApplicationFactory(citizen=CitizenFactory(iin=iin), submitted=True)
    grant = partner.grant(iin)
    assert partner.call("get", "/applications", token=grant).json() == []
    assert partner.call("get", f"/applications/{in_portal.pk}", token=grant).status_code == 404


def test_a_wrong_code_is_refused_and_five_end_the_request(partner, demo_people):
    consent = partner.consent_of(demo_people["parent"]).json()
    for _ in range(5):
        wrong = partner.call("post", f"/consents/{consent['id']}/confirm", {"code": "000000"})
        assert wrong.status_code in (422, 409)
    right = code_sent_to(demo_people["parent"])
    late = partner.call("post", f"/consents/{consent['id']}/confirm", {"code": right})
    assert late.status_code == 409
    assert Consent.objects.get(pk=consent["id"]).status == ConsentStatus.REFUSED


def test_the_citizen_may_approve_in_the_portal_instead(partner, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    consent = partner.consent_of(citizen.iin).json()
    approve_consent(citizen=citizen, consent=Consent.objects.get(pk=consent["id"]))
    token = partner.call("post", f"/consents/{consent['id']}/token")
    assert token.status_code == 200


def test_revoking_ends_the_partners_tokens_at_once(partner, demo_people):
    grant = partner.grant(demo_people["parent"])
    consent = Consent.objects.get(iin=demo_people["parent"], status=ConsentStatus.GRANTED)
    revoke_consent(citizen=consent.citizen, consent=consent)
    assert partner.call("get", "/applications", token=grant).status_code == 401
    assert partner.call("post", f"/consents/{consent.pk}/token").status_code == 403


def test_a_grant_carries_only_the_consented_scopes(partner, demo_people):
    iin = demo_people["parent"]
    grant = partner.grant(iin, scopes=("applications:read",))
    response = partner.call("post", "/applications", passport(iin), token=grant)
    assert response.status_code == 403
    assert response.json()["code"] == "auth.scope_missing"


def test_a_partner_without_the_scope_cannot_ask_for_consent(client, demo_people):
    reader = PartnerClient(client, onboard_partner(name="Reader", scopes=["applications:read"]))
    reader.fetch_token()
    assert reader.consent_of(demo_people["parent"]).status_code == 403


def test_another_partner_cannot_see_or_use_the_consent(partner, client, demo_people):
    consent = partner.consent_of(demo_people["parent"]).json()
    other = PartnerClient(client, onboard_partner(name="Other Bank", scopes=["consents:request"]))
    other.fetch_token()
    assert other.call("get", f"/consents/{consent['id']}").status_code == 404


def test_over_its_rate_limit_a_partner_gets_429_with_retry_after(client, demo_people):
    slow = PartnerClient(
        client, onboard_partner(name="Slow", scopes=["consents:request"], rate_limit=3)
    )
    slow.fetch_token()
    answers = [slow.call("get", "/consents/unknown").status_code for _ in range(4)]
    assert answers[:3] == [404, 404, 404]
    limited = slow.call("get", "/consents/unknown", HTTP_ACCEPT_LANGUAGE="kk")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "Сұраулар тым көп" in limited.json()["detail"]


def test_a_suspended_partners_tokens_stop_working(partner):
    call_command("partners", "suspend", partner.partner.slug)
    assert partner.call("get", "/consents/unknown").status_code == 401


def test_the_partner_reads_what_the_citizen_was_told_and_whether_it_arrived(partner, demo_people):
    iin = demo_people["parent"]
    grant = partner.grant(iin)
    made = partner.call("post", "/applications", {**passport(iin), "submit": True}, token=grant)
    run_jobs()
    told = partner.call("get", f"/applications/{made.json()['id']}/notifications", token=grant)
    assert told.status_code == 200
    assert [(n["kind"], n["channel"], n["status"]) for n in told.json()] == [
        ("application.submitted", "inbox", "delivered")
    ]


def test_the_citizen_sees_in_the_portal_which_partner_made_the_application(
    partner, client, demo_people
):
    iin = demo_people["parent"]
    made = partner.call(
        "post", "/applications", {**passport(iin), "submit": True}, token=partner.grant(iin)
    )
    client.force_login(CitizenFactory(iin=iin))
    page = client.get(f"/applications/{made.json()['id']}/").content.decode()
    assert "Demo Bank" in page and "partner:demo-bank" in page
