"""How long a webhook waits behind a burst of result documents in the queue of jobs.

On a throwaway database (SQLite file or PostgreSQL), N applications for a passport are
submitted and approved with no worker running, so N result documents (and the notifications
of the decisions) wait in the queue; then one webhook is written for a partner whose endpoint
is a small HTTP server in this process. One worker (``qyzmet.jobs.worker.Worker``, in this
process) then runs the queue. Row ``FIFO``: every waiting job given the same priority, as
before issue 17 (webhooks and documents were both 0); row ``priorities``: the priorities the
jobs are enqueued with (webhooks 10, documents -5). The webhook's wait is from its delivery
row written to its arrival at the endpoint.

    .venv/bin/python bench/job_priorities.py --database sqlite --documents 50
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from common import BENCH_VAR_DIR, machine_description, setup_django, throwaway_database


def burst(citizens: list, *, service: str = "passport") -> None:
    from tests.factories import officer_of

    from qyzmet.applications.decisions import decide_case
    from qyzmet.applications.services import submit_application
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.registries.fields import find_person

    for citizen in citizens:
        data = {service: sample_values(service_version(service), find_person(citizen.iin))}
        application = submit_application(
            citizen=citizen.user, channel="portal", service=service, data=data
        )
        for case in application.cases.all():
            decide_case(
                case=case, officer=officer_of(case.agency), approve=True, reason="",
                channel="backoffice",
            )  # fmt: skip


def one_row(
    name: str, citizens: list, *, fifo: bool, partner, endpoint
) -> tuple[str, float, float, int]:
    import json

    from django.db import transaction
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from qyzmet.jobs.worker import run_due_jobs
    from qyzmet.partners.webhook_models import WebhookDelivery
    from qyzmet.partners.webhooks import enqueue_attempt

    burst(citizens)
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    if fifo:
        waiting.update(priority=0)
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            partner=partner, event_type="case.status_changed", body=json.dumps({"row": name})
        )
        enqueue_attempt(delivery)
        if fifo:
            DBTaskResult.objects.filter(status=TaskResultStatus.READY, priority=10).update(
                priority=0
            )
    queued = waiting.count()
    started = time.time()
    run_due_jobs(worker_id=f"bench-{name}")
    drained = time.time() - started
    waited = endpoint.arrivals[str(delivery.pk)] - delivery.created_at.timestamp()
    return name, waited, drained, queued


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--documents", type=int, default=50, help="Approvals per row (50).")
    args = parser.parse_args()
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    with throwaway_database(args.database) as database:
        os.environ.update(database.environ())
        sys.path.insert(0, str(BENCH_VAR_DIR.parents[1]))  # tests.factories
        setup_django()
        from common import prepare_platform
        from qyzmet.partners.onboarding import onboard_partner
        from receiver import Endpoint, listening

        made, _ = prepare_platform(people=600, seed=2026, citizens=2 * args.documents)
        endpoint = Endpoint()
        with listening(endpoint) as url:
            partner = onboard_partner(name="Bench", scopes=["webhooks:read"], webhook_url=url)
            endpoint.secret = partner.partner.webhook_secret
            rows = [
                one_row("FIFO", made[: args.documents], fifo=True, partner=partner.partner,
                        endpoint=endpoint),
                one_row("priorities", made[args.documents :], fifo=False,
                        partner=partner.partner, endpoint=endpoint),
            ]  # fmt: skip
    print("\n".join(machine_description()))
    print("\n| queue | jobs waiting | webhook waited s | queue drained after s |")
    print("|---|---:|---:|---:|")
    for name, waited, drained, queued in rows:
        print(f"| {name} | {queued} | {waited:.2f} | {drained:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
