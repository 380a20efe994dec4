"""Two app-server nodes on one PostgreSQL: does throughput add up, and is nothing lost or
duplicated?

In one run, on one throwaway PostgreSQL database: two ``qyzmet serve`` processes on two
ports (``--workers`` gunicorn workers each, 2 by default, no worker beside them) and two
``qyzmet worker`` processes. Single-service submissions (``POST /api/v1/applications``, a
bearer token, an ``Idempotency-Key`` each, retried with the same key after a connection error,
a timeout or a 5xx) are sent for ``--seconds`` first to node A alone (``--threads`` client
threads), then to both (the same number of threads per node). Then, once the workers have
drained the queue, it checks:

- every application answered 201 is in the database exactly once (by id and by idempotency
  key), and there are no others;
- each approved case has exactly one result document;
- ``qyzmet audit verify`` holds (exit 0).

    .venv/bin/python bench/nodes.py                     # 2 x 2 workers, 30 s per phase
    .venv/bin/python bench/nodes.py --seconds 60 --threads 8

Benchmarks are not tests: the figures are printed, nothing asserts a time; the exit status
is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from common import (
    BIN_DIR,
    DEFAULT_POSTGRES,
    REPO_DIR,
    database_description,
    free_port,
    machine_description,
    percentiles,
    prepare_platform,
    say,
    setup_django,
    throwaway_database,
)
from server import _stop, _wait_until_up, job_workers

SERVICE = "criminal-record-certificate"  # decided automatically: a document per approval
RETRIES = 4
STALLED_SECONDS = 120  # the queue no shorter for this long: the workers are stuck


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=4, help="client threads per node")
    parser.add_argument("--seconds", type=float, default=30.0, help="per phase")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--citizens", type=int, default=40)
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args(argv)


@contextlib.contextmanager
def node(name: str, workers: int) -> Iterator[str]:
    """``qyzmet serve`` on a free port, without a worker beside it; its base URL."""
    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    port = free_port()
    log_path = var_dir / f"node-{name}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                str(BIN_DIR / "qyzmet"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-worker",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=REPO_DIR,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, log_path)
        yield base
    finally:
        _stop(server)


@dataclass
class Tally:
    created: list[tuple[str, str]] = field(default_factory=list)  # (idempotency key, app id)
    latencies: list[float] = field(default_factory=list)
    retries: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def submit(client: httpx.Client, citizen: Any, body: dict[str, Any], tally: Tally) -> None:
    key = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {citizen.token}", "Idempotency-Key": key}
    started = time.perf_counter()
    for attempt in range(RETRIES):
        try:
            response = client.post("/api/v1/applications", json=body, headers=headers)
        except httpx.HTTPError as error:
            problem = type(error).__name__
        else:
            if response.status_code == 201:
                with tally.lock:
                    tally.created.append((key, response.json()["id"]))
                    tally.latencies.append(time.perf_counter() - started)
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 409:
                break  # a refusal: retrying would not change it
        with tally.lock:
            tally.retries += attempt < RETRIES - 1
        time.sleep(0.2 * (attempt + 1))
    with tally.lock:
        tally.errors[problem] += 1


def load(bases: list[str], threads: int, seconds: float, jobs: list[tuple[Any, dict]]) -> Tally:
    """``threads`` client threads per base URL for ``seconds``, each submitting in turn."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    turn = iter(range(10**9))
    turn_lock = threading.Lock()

    def run(base: str) -> None:
        with httpx.Client(base_url=base, timeout=httpx.Timeout(30.0)) as client:
            while time.monotonic() < deadline:
                with turn_lock:
                    citizen, body = jobs[next(turn) % len(jobs)]
                submit(client, citizen, body, tally)

    workers = [threading.Thread(target=run, args=(base,)) for base in bases for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return tally


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with throwaway_database("postgres", postgres_url=args.postgres_url, keep=args.keep) as db:
        os.environ.update(db.environ())
        sys.path.insert(0, str(Path(__file__).parent))
        setup_django()
        return measure(args)


def measure(args: argparse.Namespace) -> int:
    from django.db import connections

    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.registries.fields import find_person

    say("preparing the platform")
    citizens, _ = prepare_platform(people=args.people, seed=11, citizens=args.citizens)
    version = service_version(SERVICE)
    jobs = [
        (
            c,
            {
                "service": SERVICE,
                "submit": True,
                "data": {SERVICE: sample_values(version, find_person(c.iin))},
            },
        )
        for c in citizens
    ]
    connections.close_all()
    phases: dict[str, Tally] = {}
    with job_workers(2, interval=1.0), node("a", args.workers) as a, node("b", args.workers) as b:
        warm = [load([a], 1, 3.0, jobs), load([b], 1, 3.0, jobs)]  # warm both nodes' workers
        say(f"one node: {args.threads} threads for {args.seconds:.0f} s")
        phases["one node (A)"] = load([a], args.threads, args.seconds, jobs)
        say(f"two nodes: {args.threads} threads each for {args.seconds:.0f} s")
        phases["two nodes (A + B)"] = load([a, b], args.threads, args.seconds, jobs)
        say("waiting for the workers to drain the queue")
        drained = drain()
    checks = check_nothing_lost([*warm, *phases.values()], drained)
    print_report(args, phases, checks)
    return 0 if all(ok for ok, _ in checks) else 1


def drain() -> float:
    """Seconds until no job waits or runs; ``nan`` once the queue has not shortened for
    ``STALLED_SECONDS`` (the workers take as long as the documents of the run need)."""
    from django_tasks_db.models import DBTaskResult

    started = shortened = time.monotonic()
    fewest: int | None = None
    while time.monotonic() - shortened < STALLED_SECONDS:
        waiting = DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()
        if waiting == 0:
            return time.monotonic() - started
        if fewest is None or waiting < fewest:
            fewest, shortened = waiting, time.monotonic()
        time.sleep(1.0)
    return float("nan")


def check_nothing_lost(tallies: list[Tally], drained: float) -> list[tuple[bool, str]]:
    """What the run left, against every 201 it was answered (the warm-up's too)."""
    import io

    from django.core.management import call_command
    from django.db.models import Count

    from qyzmet.applications.models import Application, Case

    created = [pair for tally in tallies for pair in tally.created]
    ids = [app_id for _, app_id in created]
    keys = [key for key, _ in created]
    stored = Application.objects.filter(channel="api")
    found = Counter(str(i) for i in stored.filter(id__in=ids).values_list("id", flat=True))
    by_key = stored.filter(idempotency_key__in=keys).values("idempotency_key")
    doubled_keys = by_key.annotate(n=Count("id")).filter(n__gt=1).count()
    approved = Case.objects.filter(status="approved")
    documents = approved.annotate(n=Count("result_documents")).values_list("n", flat=True)
    audit_out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=audit_out)
        audit_ok = True
    except SystemExit as exit_:
        audit_ok = not exit_.code
    return [
        (len(set(ids)) == len(ids), f"{len(ids)} answers 201, {len(set(ids))} distinct ids"),
        (
            all(found[i] == 1 for i in ids) and len(found) == len(set(ids)),
            f"each in the database once: {sum(found.values())} of {len(set(ids))} found",
        ),
        (doubled_keys == 0, f"{doubled_keys} idempotency keys with more than one application"),
        (
            stored.count() == len(set(ids)),
            f"{stored.count()} applications through the API in all (no others)",
        ),
        (drained == drained, f"the queue drained {drained:.0f} s after the load"),
        (
            all(n == 1 for n in documents),
            f"{len(documents)} approved cases, {sum(1 for n in documents if n == 1)} with exactly "
            f"one document, {sum(1 for n in documents if n == 0)} with none, "
            f"{sum(1 for n in documents if n > 1)} with more",
        ),
        (audit_ok, "qyzmet audit verify: " + audit_out.getvalue().strip()[:200]),
    ]


def print_report(
    args: argparse.Namespace, phases: dict[str, Tally], checks: list[tuple[bool, str]]
) -> None:
    print("# Two nodes on one PostgreSQL\n")
    for line in machine_description():
        print(line)
    print(database_description())
    print(f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"Nodes: qyzmet serve --workers {args.workers} each, 2 qyzmet worker processes; "
        f"{args.threads} client threads per node, {args.seconds:.0f} s per phase\n"
    )
    print("| phase | submissions/s | p50 ms | p95 ms | 201 | retries | errors |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, tally in phases.items():
        p50, p95 = percentiles(tally.latencies, (50, 95))
        errors = ", ".join(f"{n} x {e}" for e, n in tally.errors.items()) or "0"
        print(
            f"| {name} | {len(tally.created) / args.seconds:.1f} | {p50 * 1000:.0f} | "
            f"{p95 * 1000:.0f} | {len(tally.created)} | {tally.retries} | {errors} |"
        )
    print("\nAfter the run:\n")
    for ok, text in checks:
        print(f"- {'ok' if ok else 'FAILED'}: {text}")


if __name__ == "__main__":
    raise SystemExit(main())
