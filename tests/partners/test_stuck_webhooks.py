"""A webhook whose worker died while posting it is posted again, with the same webhook-id,
when its job runs again; the partner may also ask for it again. One a live worker is posting
is left to it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.leases import beat, lease, take_back_abandoned_jobs
from qyzmet.partners.models import WebhookDelivery
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookAttempt
from tests.jobs.helpers import run_jobs
from tests.partners.conftest import submit_through

pytestmark = pytest.mark.django_db


def long_ago() -> datetime.datetime:
    return timezone.now() - 3 * lease()


def stuck_sending(*, worker: str, alive: bool) -> WebhookDelivery:
    """The first attempt of a delivery taken by ``worker`` and begun a while ago (its attempt
    logged, as a worker killed after posting leaves it)."""
    job = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="partners.tasks.deliver"
    ).first()
    delivery = WebhookDelivery.objects.get(pk=job.args_kwargs["args"][0])
    job.claim(worker)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=long_ago())
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, claimed_by=worker, claimed_at=long_ago()
    )
    WebhookAttempt.objects.create(
        delivery=delivery, number=1, at=long_ago(), url="http://x.test", duration_ms=1
    )
    beat(worker, now=timezone.now() if alive else long_ago())
    return delivery


def posted(receiver, delivery) -> int:
    return sum(r.headers["webhook-id"] == str(delivery.pk) for r in receiver.received)


def test_a_webhook_left_sending_by_a_dead_worker_is_posted_again_with_the_same_id(
    hooked, receiver, demo_people
):
    submit_through(hooked, demo_people["parent"])
    receiver.received.clear()
    delivery = stuck_sending(worker="killed", alive=False)

    assert take_back_abandoned_jobs() >= 1
    run_jobs()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert posted(receiver, delivery) == 1
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code == 200


def test_a_webhook_a_live_worker_is_posting_is_left_to_it(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    receiver.received.clear()
    delivery = stuck_sending(worker="slow", alive=True)

    take_back_abandoned_jobs()
    run_jobs()
    retried = hooked.call("post", f"/webhooks/deliveries/{delivery.pk}/retry")

    assert retried.status_code == 409 and retried.json()["code"] == "webhook.not_failed"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING and posted(receiver, delivery) == 0


def test_the_partner_may_ask_again_for_a_webhook_stuck_in_sending(hooked, receiver, demo_people):
    submit_through(hooked, demo_people["parent"])
    receiver.received.clear()
    delivery = stuck_sending(worker="killed", alive=False)
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).delete()  # its job is lost too

    retried = hooked.call("post", f"/webhooks/deliveries/{delivery.pk}/retry")
    assert retried.status_code == 202, retried.content
    run_jobs()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert posted(receiver, delivery) == 1
