"""A partner hears of every status change of the applications it made, and of their cases,
through webhooks signed per the Standard Webhooks specification; it hears nothing else, and
nothing twice."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import Case
from qyzmet.partners.delivery import MAX_ATTEMPTS
from qyzmet.partners.models import Partner, WebhookDelivery
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.partners.tasks import deliver
from qyzmet.partners.webhook_models import DeliveryStatus
from tests.factories import ApplicationFactory, CitizenFactory, officer_of
from tests.jobs.helpers import jobs_come_due, run_jobs, waiting_jobs
from tests.partners.conftest import ALL, PartnerClient, submit_through
from tests.partners.receiver import Receiver, closed_port_url

pytestmark = pytest.mark.django_db


def decide(application: dict, *, approve: bool = True, reason: str = "") -> Case:
    case = Case.objects.get(application_id=application["id"])
    officer = officer_of(case.agency)
    return decide_case(
        case=case, officer=officer, approve=approve, reason=reason, channel="backoffice"
    )


def changes(receiver: Receiver) -> list[tuple[str, str]]:
    return [(e["type"], e["data"]["status"]) for e in receiver.events()]


def test_a_submission_and_a_decision_reach_the_partner_signed(hooked, receiver, demo_people):
    application = submit_through(hooked, demo_people["parent"])
    run_jobs()
    decide(application)
    run_jobs()

    assert changes(receiver) == [
        ("application.status_changed", "submitted"),
        ("case.status_changed", "submitted"),
        ("case.status_changed", "approved"),
        ("application.status_changed", "approved"),
    ]
    secret = Partner.objects.get(pk=hooked.partner.pk).webhook_secret
    for request in receiver.received:
        assert Webhook(secret).verify(request.body, request.headers) == request.event
        assert request.event["data"]["application_id"] == application["id"]
        assert WebhookDelivery.objects.get(pk=request.headers["webhook-id"]).status == "delivered"
    assert receiver.received[0].path == "/hooks/qyzmet"


def test_a_wrong_secret_does_not_verify(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    run_jobs()
    request = receiver.received[0]
    other = onboard_partner(name="Other", scopes=ALL, webhook_url="https://other.test/hook")
    with pytest.raises(WebhookVerificationError):
        Webhook(other.partner.webhook_secret).verify(request.body, request.headers)


def test_a_rejection_tells_the_reason_and_no_personal_data(hooked, receiver, demo_people):
    application = submit_through(hooked, demo_people["parent"])
    case = decide(application, approve=False, reason="Нет фотографии.")  # in the citizen's ru
    run_jobs()

    rejected = receiver.events()[2]
    assert rejected["type"] == "case.status_changed"
    assert rejected["data"] == {
        "application_id": application["id"],
        "application_reference": application["reference"],
        "case_id": str(case.pk),
        "service": "passport",
        "agency": case.agency.slug,
        "status": "rejected",
        "due_date": case.due_date.isoformat(),
        "decided_at": rejected["data"]["decided_at"],
        "reason": "Нет фотографии.",  # as the citizen reads it
    }
    assert rejected["data"]["decided_at"].endswith("Z")
    assert rejected["timestamp"].endswith("Z")
    assert demo_people["parent"] not in b"".join(r.body for r in receiver.received).decode()


def test_a_change_rolled_back_announces_nothing(hooked, receiver, demo_people):
    application = submit_through(hooked, demo_people["parent"])
    written, waiting = WebhookDelivery.objects.count(), waiting_jobs().count()

    with pytest.raises(RuntimeError), transaction.atomic():
        decide(application)
        raise RuntimeError("the database went away before the commit")

    assert WebhookDelivery.objects.count() == written
    assert waiting_jobs().count() == waiting
    run_jobs()
    assert [status for _, status in changes(receiver)] == ["submitted", "submitted"]


def test_a_failing_endpoint_is_tried_again_ever_later_then_given_up(hooked, receiver, demo_people):
    receiver.answer(*[503] * 2 * MAX_ATTEMPTS)
    submit_through(hooked, demo_people["parent"])
    run_jobs()

    delivery = WebhookDelivery.objects.order_by("created_at").first()
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.PENDING
        last = delivery.attempt_log.order_by("number").last()
        waits.append(delivery.next_attempt_at - last.at)
        assert run_jobs() == 0  # nothing is due before its time
        jobs_come_due()
        run_jobs()

    assert datetime.timedelta(seconds=30) <= waits[0] <= datetime.timedelta(seconds=33)
    assert all(later > 3 * earlier for earlier, later in itertools.pairwise(waits))
    assert waits[-1] > datetime.timedelta(hours=24)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.failed_at is not None
    assert [a.status_code for a in delivery.attempt_log.all()] == [503] * MAX_ATTEMPTS
    assert delivery.error == "HTTP 503"
    assert len(receiver.received) == 2 * MAX_ATTEMPTS
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 2
    jobs_come_due()
    assert run_jobs() == 0  # given up: nothing left to try


def test_an_endpoint_that_cannot_be_reached_is_tried_again(client, demo_people):
    unreachable = PartnerClient(
        client, onboard_partner(name="Down Bank", scopes=ALL, webhook_url=closed_port_url())
    )
    unreachable.fetch_token()
    submit_through(unreachable, demo_people["parent"])
    run_jobs()

    for delivery in WebhookDelivery.objects.all():
        attempt = delivery.attempt_log.get()
        assert attempt.status_code is None and attempt.error.startswith("ConnectError")
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=25)


def test_a_job_run_again_does_not_post_again(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    run_jobs()
    posted = len(receiver.received)

    for delivery in WebhookDelivery.objects.all():
        deliver.enqueue(str(delivery.pk), 1)  # the same jobs once more (a replay)
    assert run_jobs() == posted

    assert len(receiver.received) == posted == 2
    assert all(d.attempts == 1 for d in WebhookDelivery.objects.all())


def test_a_replayed_job_does_not_hurry_a_retry(hooked, receiver, demo_people):
    receiver.answer(503, 503)
    submit_through(hooked, demo_people["parent"])
    run_jobs()

    for delivery in WebhookDelivery.objects.all():
        deliver.enqueue(str(delivery.pk), 1)  # the first attempts' jobs again
    run_jobs()

    assert len(receiver.received) == 2
    assert {d.status for d in WebhookDelivery.objects.all()} == {DeliveryStatus.PENDING}


def test_a_partner_hears_only_of_applications_made_through_it(
    hooked, receiver, client, demo_people
):
    with Receiver() as elsewhere:
        other = onboard_partner(name="Other Bank", scopes=ALL, webhook_url=elsewhere.url)
        mine = submit_through(hooked, demo_people["parent"])
        ApplicationFactory(citizen=CitizenFactory(iin=demo_people["parent"]), approved=True)
        run_jobs()

        assert elsewhere.received == []
    assert not WebhookDelivery.objects.filter(partner=other.partner).exists()
    assert {e["data"]["application_id"] for e in receiver.events()} == {mine["id"]}


def test_a_partner_without_a_webhook_endpoint_gets_no_events(client, demo_people):
    quiet = PartnerClient(client, onboard_partner(name="Quiet Bank", scopes=ALL))
    quiet.fetch_token()
    submit_through(quiet, demo_people["parent"])
    assert not WebhookDelivery.objects.exists()


def test_a_suspended_partner_is_sent_nothing(hooked, receiver, demo_people):
    application = submit_through(hooked, demo_people["parent"])
    call_command("partners", "suspend", hooked.partner.slug)
    decide(application)  # an officer decides after the suspension
    run_jobs()

    assert receiver.received == []
    deliveries = WebhookDelivery.objects.all()
    assert len(deliveries) == 2  # the submission's; the decision wrote none
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}
    assert {d.error for d in deliveries} == {"Not sent: the partner is suspended."}


def test_after_a_rotation_webhooks_verify_with_both_secrets_for_a_day(
    hooked, receiver, demo_people, capsys
):
    old = hooked.partner.webhook_secret
    call_command("partners", "rotate-webhook-secret", hooked.partner.slug)
    new = capsys.readouterr().out.split("new webhook secret:")[1].split()[0]
    assert new.startswith("whsec_") and new != old
    application = submit_through(hooked, demo_people["parent"])
    run_jobs()
    during = receiver.received[-1]
    assert Webhook(new).verify(during.body, during.headers)
    assert Webhook(old).verify(during.body, during.headers)

    a_day_later = timezone.now() - datetime.timedelta(seconds=1)
    Partner.objects.filter(pk=hooked.partner.pk).update(webhook_previous_secret_until=a_day_later)
    decide(application)
    run_jobs()
    after = receiver.received[-1]
    assert Webhook(new).verify(after.body, after.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(after.body, after.headers)
