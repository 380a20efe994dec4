"""Operators see partners in the admin and suspend them there; no webhook secret is shown."""

from __future__ import annotations

import pytest

from qyzmet.audit.models import AuditRecord
from qyzmet.partners.onboarding import rotate_webhook_secret


@pytest.mark.django_db
def test_an_operator_suspends_a_partner_in_the_admin(admin_client, partner):
    old = partner.partner.webhook_secret
    new = rotate_webhook_secret(partner=partner.partner, actor=None, channel="cli")
    page = admin_client.get(f"/admin/partners/partner/{partner.partner.pk}/change/")
    assert page.status_code == 200
    assert old not in page.content.decode() and new not in page.content.decode()

    admin_client.post(
        "/admin/partners/partner/",
        {"action": "suspend", "_selected_action": [partner.partner.pk]},
    )

    partner.partner.refresh_from_db()
    assert not partner.partner.active
    assert AuditRecord.objects.filter(action="partner.suspended", channel="admin").exists()
    assert partner.call("get", "/consents/unknown").status_code == 401
