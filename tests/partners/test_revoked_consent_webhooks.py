"""When a citizen revokes a partner's consent, the partner hears no more of their applications:
no webhook is written for later changes, those waiting are not sent, and its delivery log no
longer shows any of them. Other citizens' webhooks go on."""

from __future__ import annotations

import pytest

from qyzmet.accounts.models import User
from qyzmet.partners.models import Consent
from tests.jobs.helpers import run_jobs
from tests.partners.conftest import submit_through
from tests.partners.test_webhooks import decide

pytestmark = pytest.mark.django_db


def revoke_in_the_portal(client, iin: str) -> None:
    """The citizen signs in and revokes every consent they gave."""
    citizen = User.objects.get(iin=iin)
    client.force_login(citizen)
    for consent in Consent.objects.filter(citizen=citizen, status="granted"):
        response = client.post(f"/consents/{consent.pk}/revoke/")
        assert response.status_code == 302
    client.logout()


def log_of(partner, **filters) -> list[dict]:
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    response = partner.call("get", f"/webhooks/deliveries?{query}")
    assert response.status_code == 200, response.content
    return response.json()["deliveries"]


def about(deliveries: list[dict], application: dict) -> list[dict]:
    return [d for d in deliveries if d["event"]["data"]["application_id"] == application["id"]]


def test_after_revoking_the_partner_gets_no_more_webhooks_and_its_log_forgets_them(
    client, hooked, receiver, demo_people
):
    application = submit_through(hooked, demo_people["parent"])
    other = submit_through(hooked, demo_people["pensioner"])
    run_jobs()
    assert about(log_of(hooked), application)  # delivered, and in the log
    sent = len(receiver.received)

    revoke_in_the_portal(client, demo_people["parent"])
    decide(application)
    decide(other)
    run_jobs()

    told = [e["data"]["application_id"] for e in receiver.events()[sent:]]
    assert application["id"] not in told and other["id"] in told  # the other citizen's go on
    assert about(log_of(hooked), application) == []
    assert log_of(hooked, application=application["id"]) == []
    assert about(log_of(hooked), other)


def test_webhooks_waiting_when_the_citizen_revokes_are_not_sent(
    client, hooked, receiver, demo_people
):
    application = submit_through(hooked, demo_people["parent"])
    assert about(log_of(hooked, status="pending"), application)

    revoke_in_the_portal(client, demo_people["parent"])
    run_jobs()

    assert receiver.received == []
    assert log_of(hooked) == []
