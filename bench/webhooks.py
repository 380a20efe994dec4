"""How long a partner waits for its webhooks under load: from the event written (in the
transaction of the status change) to the partner's endpoint receiving the signed POST.

For each database (a throwaway SQLite file or PostgreSQL database) it prepares the platform
(catalogue, registries, citizens), onboards a partner whose webhook endpoint is a tiny HTTP
server in this process (on 127.0.0.1; it checks every signature with the ``standardwebhooks``
package and notes when each webhook arrived), and gets a grant token for every citizen through
the consent domain functions. Then it starts ``qyzmet serve --no-worker`` and K ``qyzmet
worker`` processes and, per row, submits N applications through the partner API
(``POST /api/v1/applications`` with ``submit: true``, C client threads) while the workers post
the webhooks:

    steady   at most R submissions per second, paced (``--rate``)
    burst    as fast as the client threads can submit

    .venv/bin/python bench/webhooks.py --database sqlite --quick
    .venv/bin/python bench/webhooks.py                       # both databases

Each database is measured in its own child process; the tables go to stdout, progress to
stderr. Every loop is bounded by a count and a time limit; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from children import measure_in_child, ms, stop_on_sigterm
from common import (
    VENDORS,
    Load,
    add_throwaway_arguments,
    cpu_busy_percent,
    cpu_ticks,
    database_description,
    machine_description,
    percentiles,
    prepare_platform,
    say,
    setup_django,
)
from receiver import Endpoint, listening
from server import job_workers, logged_exceptions, running_server

SERVICE = "criminal-record-certificate"  # decided automatically: four webhooks per application
FULL = {"people": 5000, "citizens": 100, "applications": 300, "rate": 3.0,
        "time_limit": 150.0, "concurrency": 8, "drain_limit": 300.0}  # fmt: skip
QUICK = {"people": 1000, "citizens": 20, "applications": 60, "rate": 3.0,
         "time_limit": 30.0, "concurrency": 4, "drain_limit": 120.0}  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Webhook delivery lag (event written -> partner received) under load."
    )
    parser.add_argument("--quick", action="store_true", help="A small run (a few minutes).")
    parser.add_argument("--concurrency", type=int, help="Client threads (default 8).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2).")
    parser.add_argument(
        "--job-workers", type=int, default=2, help="`qyzmet worker` processes (default 2)."
    )
    parser.add_argument(
        "--interval", type=float, default=1.0, help="The workers' poll interval (default 1 s)."
    )
    parser.add_argument("--people", type=int, help="People in the registries (default 5000).")
    parser.add_argument("--citizens", type=int, help="Citizens with grants (default 100).")
    parser.add_argument("--applications", type=int, help="Submissions per row (default 300).")
    parser.add_argument("--rate", type=float, help="Submissions per second, steady row (3).")
    parser.add_argument("--time-limit", type=float, help="Seconds of load per row (default 150).")
    parser.add_argument(
        "--drain-limit", type=float, help="Seconds to wait for the last webhooks (default 300)."
    )
    parser.add_argument("--service", default=SERVICE, help=f"Service applied for ({SERVICE}).")
    add_throwaway_arguments(parser, postgres_url=True)
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


# ---------------------------------------------------------------- parent: one child per database


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    # Grants must outlive the preparation and both rows.
    os.environ.setdefault("QYZMET_PARTNER_GRANT_SECONDS", "7200")
    vendors = VENDORS if args.database == "both" else (args.database,)
    print("qyzmet webhook delivery benchmark")
    for line in machine_description():
        print(line)
    print(
        f"run:     {args.applications} submissions of {args.service} per row, "
        f"{args.concurrency} client threads, steady row at {args.rate:g}/s; "
        f"{args.workers} gunicorn workers, {args.job_workers} `qyzmet worker` "
        f"(poll {args.interval:g} s); {args.citizens} citizens, {args.people} people"
    )
    sys.stdout.flush()
    failed = False
    for vendor in vendors:
        result = measure_in_child(
            vendor,
            args,
            script=__file__,
            options=("concurrency", "workers", "job_workers", "interval", "people", "citizens",
                     "applications", "rate", "drain_limit", "service"),
        )  # fmt: skip
        print()
        if result is None:
            print(f"== {vendor}: the measurement failed (see the messages above) ==")
            failed = True
        else:
            print_result(result)
            failed = failed or any(row["problems"] for row in result["rows"])
        sys.stdout.flush()
    return 1 if failed else 0


def print_result(result: dict[str, Any]) -> None:
    print(f"== {result['database']} ==")
    print(f"before the run the machine was {result['busy_before']:.0f} % busy (other processes)")
    print()
    print(
        f"{'':<8}{'apps/s':>8}{'hooks':>7}{'hooks/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'drain s':>9}{'retried':>9}{'lost':>6}{'cpu %':>7}"
    )
    for row in result["rows"]:
        print(
            f"{row['name']:<8}{row['submit_rate']:>8.1f}{row['received']:>7}"
            f"{row['hook_rate']:>9.1f}{ms(row['p50_ms']):>9}{ms(row['p95_ms']):>9}"
            f"{ms(row['p99_ms']):>9}{ms(row['max_ms']):>9}{row['drain_seconds']:>9.1f}"
            f"{row['retried']:>9}{row['lost']:>6}{row['cpu_percent']:>7.0f}"
        )
    print()
    for row in result["rows"]:
        print(f"  {row['name']}: {row['note']}")
        jobs = ", ".join(f"{kind} {runs}" for kind, runs in row["jobs"].items())
        print(f"  {row['name']}: jobs run (count x mean time in the worker): {jobs}")
        for problem in row["problems"]:
            print(f"  {row['name']}: PROBLEM {problem}")


# ---------------------------------------------------------------- child: one database


def measure_here(args: argparse.Namespace) -> int:
    """Runs in the child, with ``DATABASE_URL`` set: prepare, measure, write the result."""
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    setup_django()
    from qyzmet.core.progress import Progress

    say(f"  preparing: {args.people} people, {args.citizens} citizens")
    citizens, _timings = prepare_platform(
        people=args.people, seed=args.seed, citizens=args.citizens, progress=Progress(sys.stderr)
    )
    description = database_description()
    endpoint = Endpoint()
    with listening(endpoint) as url:
        partner, tokens = onboard_with_grants(url, [c.user for c in citizens])
        endpoint.secret = partner.webhook_secret
        say(f"  {description}; partner {partner.slug} -> {url}")
        bodies = submission_bodies(args.service, citizens)
        _close_connection()
        with (
            running_server(int(args.workers), background_worker=False) as base,
            job_workers(int(args.job_workers), float(args.interval)),
        ):
            wait_for_empty_queue(float(args.drain_limit))
            rows = []
            for name, rate in (("steady", float(args.rate)), ("burst", 0.0)):
                say(f"  measuring {name} ...")
                row = measure_row(
                    name, args=args, base=base, rate=rate, tokens=tokens, bodies=bodies,
                    endpoint=endpoint,
                )  # fmt: skip
                say(
                    f"    {row['received']} webhooks, p50 {ms(row['p50_ms'])} ms, "
                    f"p99 {ms(row['p99_ms'])} ms, {len(row['problems'])} problems"
                )
                rows.append(row)
    for line, count in logged_exceptions(Path(os.environ["QYZMET_VAR_DIR"])).most_common(5):
        rows[-1]["problems"].append(f"server log: {count} x {line}")
    result = {"database": description, "rows": rows}
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


def _close_connection() -> None:
    from django.db import connection

    connection.close()


def onboard_with_grants(url: str, users: list[Any]) -> tuple[Any, dict[str, str]]:
    """A partner with its webhook at ``url`` and no practical rate limit, and a grant token per
    citizen, made through the consent domain functions (ask, the citizen approves, grant)."""
    from qyzmet.partners.consents import approve_consent, grant_token, request_consent
    from qyzmet.partners.onboarding import onboard_partner

    partner = onboard_partner(
        name="Bench Bank",
        slug=f"bench-{uuid.uuid4().hex[:6]}",
        scopes=["consents:request", "applications:read", "applications:write"],
        webhook_url=url,
        rate_limit=10_000_000,
    ).partner
    tokens = {}
    for user in users:
        consent = request_consent(
            partner=partner,
            iin=user.iin,
            scopes=["applications:read", "applications:write"],
            purpose="benchmark",
        )
        approve_consent(citizen=user, consent=consent)
        tokens[user.iin], _, _ = grant_token(partner=partner, consent_id=consent.pk)
    return partner, tokens


def submission_bodies(service: str, citizens: list[Any]) -> dict[str, dict[str, Any]]:
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.registries.fields import find_person

    version = service_version(service)
    if version is None:
        raise SystemExit(f"The service {service!r} is not in the catalogue.")
    return {
        c.iin: {
            "service": service,
            "data": {service: sample_values(version, find_person(c.iin))},
            "submit": True,
        }
        for c in citizens
    }


def waiting_jobs() -> int:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    count = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    _close_connection()
    return count


def wait_for_empty_queue(limit: float) -> float:
    """Wait until no job is waiting (the consent codes' notifications, the last webhooks);
    how long it took."""
    started = time.perf_counter()
    while waiting_jobs() and time.perf_counter() - started < limit:
        time.sleep(0.2)
    return time.perf_counter() - started


def measure_row(
    name: str,
    *,
    args: argparse.Namespace,
    base: str,
    rate: float,
    tokens: dict[str, str],
    bodies: dict[str, dict[str, Any]],
    endpoint: Endpoint,
) -> dict[str, Any]:
    run = f"wh-{name}-{uuid.uuid4().hex[:6]}"
    iins = list(tokens)
    jobs = [(n, iins[n % len(iins)], f"{run}-{n}") for n in range(int(args.applications))]
    clock: dict[str, float] = {}

    def submit(client: httpx.Client, job: tuple[int, str, str]) -> None:
        number, iin, key = job
        if rate:
            time.sleep(max(0.0, clock["start"] + number / rate - time.perf_counter()))
        response = client.post(
            "/api/v1/applications",
            json=bodies[iin],
            headers={"Authorization": f"Bearer {tokens[iin]}", "Idempotency-Key": key},
        )
        if response.status_code != 201:
            raise RuntimeError(f"HTTP {response.status_code} {response.text[:120]}")

    def open_client(_number: int) -> httpx.Client:
        return httpx.Client(base_url=base, timeout=httpx.Timeout(90.0))

    ticks, since = cpu_ticks(), time.time()
    load = Load(
        name=name, jobs=jobs, work=submit, open_worker=open_client,
        close_worker=lambda client: client.close(), threads=int(args.concurrency),
        time_limit=float(args.time_limit),
    )  # fmt: skip
    clock["start"] = time.perf_counter()  # the pacing's zero
    submitted = load.run()
    drain = wait_for_empty_queue(float(args.drain_limit))
    time.sleep(0.5)  # the last POST in flight
    cpu = cpu_busy_percent(ticks, cpu_ticks())
    row = summarise(name, run, submitted, endpoint, drain=drain, cpu=cpu)
    row["jobs"] = jobs_run_since(since)
    return row


def jobs_run_since(since: float) -> dict[str, str]:
    """Per kind of job enqueued since ``since`` (epoch seconds): how many ran, and their mean
    run time in the worker (ms)."""
    import datetime

    from django_tasks_db.models import DBTaskResult

    start = datetime.datetime.fromtimestamp(since, tz=datetime.UTC)
    runs: dict[str, list[float]] = {}
    for path, started, finished in DBTaskResult.objects.filter(
        enqueued_at__gte=start, finished_at__isnull=False
    ).values_list("task_path", "started_at", "finished_at"):
        parts = path.split(".")  # qyzmet.partners.tasks.deliver -> partners.deliver
        runs.setdefault(f"{parts[-3]}.{parts[-1]}", []).append(
            (finished - started).total_seconds() * 1000
        )
    _close_connection()
    return {
        kind: f"{len(times)} x {sum(times) / len(times):.0f} ms"
        for kind, times in sorted(runs.items())
    }


def summarise(
    name: str, run: str, submitted: Any, endpoint: Endpoint, *, drain: float, cpu: float
) -> dict[str, Any]:
    """Lag of each of this row's webhooks: its arrival minus its delivery's ``created_at``."""
    from qyzmet.partners.models import WebhookDelivery

    deliveries = list(
        WebhookDelivery.objects.filter(
            application__idempotency_key__startswith=f"{run}-"
        ).values_list("id", "created_at", "status", "attempts", "event_type")
    )
    _close_connection()
    lags, written, arrived = [], [], []
    with endpoint.lock:
        arrivals = dict(endpoint.arrivals)
    for pk, created_at, _status, _attempts, _kind in deliveries:
        at = arrivals.get(str(pk))
        if at is not None:
            lags.append(at - created_at.timestamp())
            written.append(created_at.timestamp())
            arrived.append(at)
    span = max(arrived) - min(written) if arrived else float("nan")
    p50, p95, p99 = percentiles(lags)
    statuses = Counter(status for _, _, status, _, _ in deliveries)
    kinds = Counter(kind for _, _, _, _, kind in deliveries)
    problems = [f"{n} x {kind}" for kind, n in submitted.errors.most_common(5)]
    lost = len(deliveries) - len(lags)
    if lost:
        problems.append(f"{lost} webhooks never arrived ({dict(statuses)})")
    if endpoint.bad_signatures:
        problems.append(f"{endpoint.bad_signatures} webhooks with a bad signature")
    return {
        "name": name,
        "submit_rate": submitted.rate,
        "received": len(lags),
        "hook_rate": len(lags) / span if span and span > 0 else float("nan"),
        "p50_ms": p50 * 1000,
        "p95_ms": p95 * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": max(lags) * 1000 if lags else float("nan"),
        "drain_seconds": drain,
        "retried": sum(1 for d in deliveries if d[3] > 1),
        "lost": lost,
        "cpu_percent": cpu,
        "problems": problems,
        "note": (
            f"{submitted.done} applications in {submitted.seconds:.1f} s; webhooks: "
            f"{dict(kinds)}; {dict(statuses)}; the queue drained {drain:.1f} s after the "
            f"last submission"
        ),
    }


if __name__ == "__main__":
    sys.exit(main())
