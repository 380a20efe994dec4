"""A partner cannot brute-force consent codes: past its day's budget of wrong codes every
confirmation it sends is refused (429, in the caller's language) until the day ends, and the
operators are told once: an audit record and a warning in the security log."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.partners.models import Consent, Partner
from qyzmet.partners.onboarding import onboard_partner
from tests.partners.conftest import ALL, PartnerClient, code_sent_to

pytestmark = pytest.mark.django_db


def confirm(partner: PartnerClient, consent: dict, code: str, **headers):
    return partner.call("post", f"/consents/{consent['id']}/confirm", {"code": code}, **headers)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_past_its_budget_of_wrong_codes_a_partner_is_refused_until_the_day_ends(
    partner, settings, demo_people, caplog
):
    settings.CONSENT_WRONG_CODES_PER_DAY = 3
    caplog.set_level(logging.WARNING, logger="qyzmet.security")
    first = partner.consent_of(demo_people["parent"]).json()
    guess = wrong(code_sent_to(demo_people["parent"]))
    assert confirm(partner, first, guess).status_code == 422
    assert confirm(partner, first, guess).status_code == 422

    spent = confirm(partner, first, guess, HTTP_ACCEPT_LANGUAGE="ru")

    assert spent.status_code == 429 and spent["Content-Type"] == "application/problem+json"
    problem = spent.json()
    assert problem["code"] == "consent.code_budget_spent"
    assert "до конца дня" in problem["detail"]
    assert 0 < int(spent["Retry-After"]) <= 24 * 3600
    other = partner.consent_of(demo_people["pensioner"]).json()
    right = confirm(partner, other, code_sent_to(demo_people["pensioner"]))
    assert right.status_code == 429  # even the right code, for another citizen
    assert Consent.objects.get(pk=other["id"]).status == "pending"
    audited = AuditRecord.objects.filter(action="consent.code_budget_spent")
    assert audited.count() == 1 and audited.get().channel == partner.partner.channel
    told = [r for r in caplog.records if r.name == "qyzmet.security"]
    assert len(told) == 1 and partner.partner.slug in told[0].getMessage()

    Partner.objects.filter(pk=partner.partner.pk).update(
        consent_codes_refused_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    Consent.objects.update(requested_at=timezone.now() - datetime.timedelta(days=1))
    assert confirm(partner, other, code_sent_to(demo_people["pensioner"])).status_code == 200


def test_one_partners_spent_budget_does_not_refuse_another(partner, client, settings, demo_people):
    settings.CONSENT_WRONG_CODES_PER_DAY = 1
    consent = partner.consent_of(demo_people["parent"]).json()
    assert confirm(partner, consent, wrong(code_sent_to(demo_people["parent"]))).status_code == 429
    other = PartnerClient(client, onboard_partner(name="Other Bank", scopes=ALL))
    assert other.fetch_token().status_code == 200
    theirs = other.consent_of(demo_people["pensioner"]).json()
    assert confirm(other, theirs, code_sent_to(demo_people["pensioner"])).status_code == 200
