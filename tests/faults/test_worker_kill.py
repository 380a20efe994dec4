"""A background worker killed (SIGKILL) in the middle of a job: another worker takes the job
again once the dead one's lease has run out, and the job's effect happens once: every approved
case gets exactly one result document, every text message and webhook is delivered and marked,
nothing stays sending or running. What the outside world gets twice carries the same id. Part of
issue 17's fault-injection suite; prints its table.

The fast part runs in ``make test`` (and ``make test-postgres``): one kill per kind of work.
``QYZMET_FAULTS_LONG=1`` runs the long part: ten times the work, a worker killed three times per
kind (docs/operations.md records its last result)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import transaction

from qyzmet.documents.models import ResultDocument
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.services import notify
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookDelivery
from qyzmet.partners.webhooks import enqueue_attempt
from tests.counterparts.sms import NOWHERE, RunningGateway
from tests.factories import ApplicationFactory, CitizenFactory
from tests.faults.outage import table
from tests.faults.workers import (
    Row,
    Workers,
    failed_jobs,
    no_daily_jobs_due,
    running,
    unfinished_jobs,
    wait_until,
)
from tests.partners.receiver import Receiver

LONG = os.environ.get("QYZMET_FAULTS_LONG") == "1"
SCALE, KILLS = (10, 3) if LONG else (1, 1)
STALL = 30.0  # seconds a counterpart holds its answer: the worker is killed meanwhile
CODE = {"code": "123456", "minutes": 5}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workers(committed_platform, tmp_path: Path, sms_gateway: RunningGateway) -> Iterator[Workers]:
    no_daily_jobs_due()
    env = {
        "QYZMET_SMS_BACKEND": "http", "QYZMET_SMS_URL": f"{sms_gateway.url}/messages",
        "QYZMET_SMS_TOKEN": sms_gateway.token,
        "QYZMET_SMS_REPORT_SECRET": sms_gateway.report_secret,
        "QYZMET_SMS_CALLBACK_BASE_URL": NOWHERE,
    }  # fmt: skip
    pool = Workers(tmp_path, env)
    try:
        yield pool
    finally:
        pool.stop_all()


def kill_mid_job(
    workers: Workers,
    *,
    mid_job: Callable[[], bool],
    arm: Callable[[], None],
    done: Callable[[], bool],
) -> float:
    """Start a worker, kill it once ``mid_job`` holds (``arm`` first makes the next job stall),
    ``KILLS`` times; then a worker that is left to finish, and stopped. Seconds from the last
    kill until ``done`` and no job is unfinished (a new worker's start-up included)."""
    killed_at = 0.0
    for _ in range(KILLS):
        arm()
        worker = workers.start()
        assert wait_until(mid_job), "no job was caught in the middle:\n" + workers.logs()
        workers.kill(worker)
        killed_at = time.monotonic()
    workers.start()
    finished = wait_until(lambda: done() and unfinished_jobs() == 0, 120)
    assert finished, "the work was not finished after the kill:\n" + workers.logs()
    recovered_in = time.monotonic() - killed_at
    workers.stop_all()  # the next kind of work starts with no worker
    return recovered_in


def documents(workers: Workers) -> Row:
    citizen = CitizenFactory()
    cases = [
        ApplicationFactory(citizen=citizen, approved=True).cases.get() for _ in range(4 * SCALE)
    ]
    issued = ResultDocument.objects.filter(case__in=cases)

    def each() -> Counter:
        return Counter(issued.values_list("case_id", flat=True))

    recovered_in = kill_mid_job(
        workers,
        mid_job=lambda: running("documents.tasks.issue"),
        arm=lambda: None,
        done=lambda: len(each()) == len(cases),
    )
    counts = each()
    return Row(
        work="result documents",
        sent=len(cases),
        accepted=len(counts),
        lost=sum(counts[case.pk] == 0 for case in cases),
        duplicated=sum(n > 1 for n in counts.values()),
        stuck=unfinished_jobs(),
        failed=failed_jobs(),
        repeated=0,
        recovered_in=recovered_in,
    )


def text_messages(workers: Workers, gateway: RunningGateway) -> Row:
    phones = [f"+7701{number:07d}" for number in range(6 * SCALE)]
    sent = [
        notify(kind="signin.code", context=CODE, address=phone, channels=["sms"])[0]
        for phone in phones
    ]
    ours = Notification.objects.filter(pk__in=[n.pk for n in sent])
    marked = ours.filter(status__in=[NotificationStatus.SENT, NotificationStatus.DELIVERED])
    taken = [0]

    def arm() -> None:
        taken[0] = len(gateway.messages())
        gateway.stall(STALL)

    recovered_in = kill_mid_job(
        workers,
        mid_job=lambda: len(gateway.messages()) > taken[0],  # its answer is held back
        arm=arm,
        done=lambda: marked.count() == len(sent),
    )
    received = {phone: len(gateway.messages_to(phone)) for phone in phones}
    sending = ours.filter(status=NotificationStatus.SENDING)
    again = ours.filter(attempts__gt=1)
    return Row(
        work="text messages (SMS)",
        sent=len(sent),
        accepted=marked.count(),
        lost=sum(n == 0 for n in received.values()),
        duplicated=sum(n > 1 for n in received.values()),
        stuck=sending.count() + unfinished_jobs(),
        failed=failed_jobs(),
        repeated=again.count(),
        recovered_in=recovered_in,
    )


def webhooks(workers: Workers, receiver: Receiver) -> Row:
    partner = onboard_partner(
        name="Kill Bank", scopes=["webhooks:read"], webhook_url=receiver.url
    ).partner
    deliveries = []
    for number in range(6 * SCALE):
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                partner=partner,
                event_type="case.status_changed",
                body=json.dumps({"type": "case.status_changed", "data": {"number": number}}),
            )
            enqueue_attempt(delivery)
        deliveries.append(delivery)
    ours = WebhookDelivery.objects.filter(partner=partner)

    recovered_in = kill_mid_job(
        workers,
        mid_job=lambda: not receiver.stalls,  # a request came and waits for its answer
        arm=lambda: receiver.stall(STALL),
        done=lambda: ours.filter(status=DeliveryStatus.DELIVERED).count() == len(deliveries),
    )
    ids = Counter(r.headers["webhook-id"] for r in receiver.received)
    events = Counter(r.event["data"]["number"] for r in receiver.received)
    ids_per_event: dict[int, set[str]] = {}
    for r in receiver.received:
        ids_per_event.setdefault(r.event["data"]["number"], set()).add(r.headers["webhook-id"])
    return Row(
        work="webhooks",
        sent=len(deliveries),
        accepted=ours.filter(status=DeliveryStatus.DELIVERED).count(),
        lost=sum(str(d.pk) not in ids for d in deliveries),
        duplicated=sum(len(seen) > 1 for seen in ids_per_event.values()),
        stuck=ours.filter(status=DeliveryStatus.SENDING).count() + unfinished_jobs(),
        failed=failed_jobs(),
        repeated=sum(events.values()) - len(events),
        recovered_in=recovered_in,
    )


def test_a_worker_killed_mid_job_leaves_nothing_lost_doubled_or_stuck(workers, sms_gateway):
    with Receiver() as receiver:
        rows = [
            documents(workers),
            text_messages(workers, sms_gateway),
            webhooks(workers, receiver),
        ]
    print("\n" + table(rows))
    for row in rows:
        assert (row.lost, row.duplicated, row.stuck, row.failed) == (0, 0, 0, 0), row
        assert row.accepted == row.sent, row
