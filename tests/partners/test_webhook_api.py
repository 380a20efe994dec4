"""A partner reads its own webhook delivery log through the API, page by page, and asks for a
failed delivery again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.partners.delivery import MAX_ATTEMPTS
from qyzmet.partners.models import WebhookDelivery
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.partners.retention import prune_webhook_deliveries
from qyzmet.partners.webhook_models import DeliveryStatus
from tests.jobs.helpers import jobs_come_due, run_jobs
from tests.partners.conftest import ALL, WEBHOOKS, PartnerClient, submit_through
from tests.partners.receiver import Receiver

pytestmark = pytest.mark.django_db


def log_of(partner: PartnerClient, query: str = "", **headers) -> dict:
    response = partner.call("get", f"/webhooks/deliveries{query}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def fail_every_attempt(receiver: Receiver) -> None:
    receiver.answer(*[500] * 2 * MAX_ATTEMPTS)
    run_jobs()
    for _ in range(MAX_ATTEMPTS - 1):
        jobs_come_due()
        run_jobs()


def test_the_partner_reads_its_deliveries_newest_first_with_their_attempts(
    hooked, receiver, demo_people
):
    receiver.answer(502)
    application = submit_through(hooked, demo_people["parent"])
    run_jobs()
    jobs_come_due()
    run_jobs()

    deliveries = log_of(hooked)["deliveries"]

    assert [d["event"]["type"] for d in deliveries] == [
        "case.status_changed",
        "application.status_changed",
    ]
    first = deliveries[-1]
    assert first["event"]["data"]["application_id"] == application["id"]
    assert first["status"] == "delivered" and first["delivered_at"]
    assert [(a["number"], a["status_code"], a["error"]) for a in first["attempts"]] == [
        (1, 502, "HTTP 502"),
        (2, 200, ""),
    ]
    assert first["attempts"][0]["url"] == receiver.url
    assert receiver.received[-1].headers["webhook-id"] == first["id"]


def test_the_log_comes_in_pages(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    submit_through(hooked, demo_people["parent"])
    run_jobs()
    everything = [d["id"] for d in log_of(hooked, "?limit=200")["deliveries"]]

    seen, cursor = [], ""
    while True:
        page = log_of(hooked, f"?limit=3{cursor}")
        seen += [d["id"] for d in page["deliveries"]]
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"

    assert len(everything) == 4
    assert seen == everything


def test_the_log_can_be_narrowed_to_failed_deliveries_or_one_application(
    hooked, receiver, demo_people
):
    first = submit_through(hooked, demo_people["parent"])
    run_jobs()
    submit_through(hooked, demo_people["parent"])
    fail_every_attempt(receiver)

    failed = log_of(hooked, "?status=failed")["deliveries"]
    about_first = log_of(hooked, f"?application={first['id']}")["deliveries"]

    assert len(failed) == 2 and {d["status"] for d in failed} == {"failed"}
    assert {d["event"]["data"]["application_id"] for d in about_first} == {first["id"]}
    assert {d["status"] for d in about_first} == {"delivered"}


def test_a_cursor_that_was_not_given_out_is_refused(hooked):
    response = hooked.call("get", "/webhooks/deliveries?cursor=not-a-cursor")
    assert response.status_code == 422
    assert response.json()["code"] == "cursor.invalid"


def test_a_partner_sees_only_its_own_deliveries(hooked, receiver, client, demo_people):
    submit_through(hooked, demo_people["parent"])
    other = PartnerClient(
        client,
        onboard_partner(name="Other Bank", scopes=WEBHOOKS, webhook_url="https://o.test/h"),
    )
    other.fetch_token()
    delivery = WebhookDelivery.objects.first()

    assert log_of(other)["deliveries"] == []
    retried = other.call("post", f"/webhooks/deliveries/{delivery.pk}/retry")
    assert retried.status_code == 404


def test_a_failed_delivery_is_sent_again_on_request(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    fail_every_attempt(receiver)
    failed = log_of(hooked, "?status=failed")["deliveries"][0]

    retried = hooked.call("post", f"/webhooks/deliveries/{failed['id']}/retry")
    assert retried.status_code == 202, retried.content
    assert retried.json()["status"] == "pending"
    run_jobs()

    delivery = WebhookDelivery.objects.get(pk=failed["id"])
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == MAX_ATTEMPTS + 1
    assert receiver.received[-1].headers["webhook-id"] == failed["id"]
    again = hooked.call("post", f"/webhooks/deliveries/{failed['id']}/retry")
    assert again.status_code == 409
    assert again.json()["code"] == "webhook.not_failed"


def test_only_the_partner_itself_with_the_scopes_may_use_the_log(hooked, client, demo_people):
    grant = hooked.grant(demo_people["parent"])
    assert hooked.call("get", "/webhooks/deliveries", token=grant).status_code == 403
    without = PartnerClient(client, onboard_partner(name="Plain Bank", scopes=ALL))
    without.fetch_token()
    refused = without.call("get", "/webhooks/deliveries")
    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.scope_missing"
    missing = hooked.call("post", "/webhooks/deliveries/nothing-like-an-id/retry")
    assert missing.status_code == 404


def test_the_log_keeps_a_month(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    run_jobs()
    submit_through(hooked, demo_people["parent"])  # still pending
    month_ago = timezone.now() - datetime.timedelta(days=31)
    WebhookDelivery.objects.update(created_at=month_ago)

    assert prune_webhook_deliveries() == 2
    assert {d.status for d in WebhookDelivery.objects.all()} == {DeliveryStatus.PENDING}
