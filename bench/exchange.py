"""What the exchange costs: one registry read as a direct query, as a signed exchange request
answered in-process, and over HTTP by ``qyzmet registry serve``.

For each database (``--database sqlite|postgres|both``, default sqlite) a child process
prepares the platform (catalogue, registries of N people) and measures N reads of the same
three population fields (living, first name, last name: what sign-in reads) about people in
turn, one row per way:

- direct query: ``registries.fields.read_fields``, the registry's own reader, no exchange;
- exchange in-process: ``exchange.client.request_registry_data`` under the legal basis
  ``citizen-sign-in``: sign (Ed25519), verify, policy, read, one ``DataAccess`` row and one
  audit record, sign and verify the answer;
- exchange over HTTP: the same, the registry served by ``qyzmet registry serve --agency
  internal-affairs --workers W`` on the same database, through one keep-alive httpx client.

Each row runs with one thread (latency) and with C threads (throughput). Columns: operations
per second, latency p50/p95/p99 (ms), errors, operations, seconds, how busy the machine was.

    .venv/bin/python bench/exchange.py                          # SQLite
    .venv/bin/python bench/exchange.py --database both --quick  # about a minute each
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from children import measure_in_child, ms, stop_on_sigterm
from common import (
    BIN_DIR,
    REPO_DIR,
    VENDORS,
    Load,
    Measurement,
    add_throwaway_arguments,
    citizen_people,
    database_description,
    free_port,
    machine_description,
    prepare_platform,
    say,
    setup_django,
)

FIELDS = ["population.person.living", "population.person.first_name", "population.person.last_name"]
FULL = {"people": 2000, "requests": 1000, "time_limit": 60.0, "concurrency": 4}
QUICK = {"people": 500, "requests": 200, "time_limit": 15.0, "concurrency": 4}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Exchange overhead against a direct query.")
    parser.add_argument("--quick", action="store_true", help="A small run.")
    parser.add_argument("--concurrency", type=int, help="Threads of the throughput rows (4).")
    parser.add_argument("--workers", type=int, default=2, help="Registry server workers (2).")
    parser.add_argument("--people", type=int, help="People in the registries (default 2000).")
    parser.add_argument("--requests", type=int, help="Reads per row (default 1000).")
    parser.add_argument("--time-limit", type=float, help="Seconds per row at most (default 60).")
    add_throwaway_arguments(parser, database="sqlite", postgres_url=True)
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    print("qyzmet exchange benchmark")
    for line in machine_description():
        print(line)
    print(
        f"run:     {args.requests} reads of {len(FIELDS)} fields per row, at most "
        f"{args.time_limit:g} s per row; 1 and {args.concurrency} threads; {args.people} "
        f"people; registry server: {args.workers} gunicorn workers"
    )
    sys.stdout.flush()
    failed = False
    vendors = VENDORS if args.database == "both" else (args.database,)
    for vendor in vendors:
        result = measure_in_child(
            vendor, args, script=__file__,
            options=("concurrency", "workers", "people", "requests"),
        )  # fmt: skip
        print()
        if result is None:
            print(f"== {vendor}: the measurement failed (see the messages above) ==")
            failed = True
            continue
        print_result(result)
        failed = failed or any(row["errors"] for row in result["rows"])
    return 1 if failed else 0


def print_result(result: dict[str, Any]) -> None:
    print(f"== {result['database']} ==")
    print(f"before the run the machine was {result['busy_before']:.0f} % busy (other processes)")
    print()
    print(
        f"{'':<34}{'ops/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'done':>7}{'secs':>7}{'cpu %':>7}"
    )
    for row in result["rows"]:
        print(
            f"{row['name']:<34}{row['rate']:>9.1f}{ms(row['p50_ms']):>9}{ms(row['p95_ms']):>9}"
            f"{ms(row['p99_ms']):>9}{row['errors']:>8}{row['done']:>7}{row['seconds']:>7.1f}"
            f"{row['cpu_percent']:>7.0f}"
        )
    for row in result["rows"]:
        for kind, count in row["error_kinds"].items():
            print(f"  {row['name']}: {count} x {kind}")


# ---------------------------------------------------------------- child: one database


def _close_connection(_state: Any = None) -> None:
    from django.db import connection

    connection.close()


def _load(name: str, subjects: list[str], read: Any, *, threads: int, args: Any) -> Measurement:
    jobs = [subjects[n % len(subjects)] for n in range(int(args.requests))]
    return Load(
        name=name, jobs=jobs, work=lambda _state, iin: read(iin), open_worker=lambda n: n,
        close_worker=_close_connection, threads=threads, time_limit=float(args.time_limit),
    ).run()  # fmt: skip


def _registry_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (Path(os.environ["QYZMET_VAR_DIR"]) / "registry.log").open("wb")
    server = subprocess.Popen(
        [str(BIN_DIR / "qyzmet"), "registry", "serve", "--agency", "internal-affairs",
         "--port", str(port), "--workers", str(workers)],
        stdout=log, stderr=subprocess.STDOUT, cwd=REPO_DIR, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/exchange/v1/").status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the registry server did not start; see registry.log")


def measure_here(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    setup_django()
    from django.conf import settings

    from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
    from qyzmet.registries.fields import read_fields

    say(f"  preparing: {args.people} people")
    prepare_platform(people=args.people, seed=args.seed, citizens=1)
    subjects = [person.iin for person in citizen_people(200)]
    client, basis = platform_client("signin"), legal_basis("citizen-sign-in")

    def direct(iin: str) -> None:
        assert read_fields(subject=iin, fields=FIELDS)

    def exchanged(iin: str) -> None:
        found = request_registry_data(client=client, subject=iin, fields=FIELDS, purpose=basis)
        assert found, "nothing granted"

    exchanged(subjects[0])  # the agencies' keys are made on first use: not measured
    rows = []
    server, url = _registry_server(int(args.workers))
    try:
        for name, read, over_http in (
            ("direct query", direct, False),
            ("exchange in-process", exchanged, False),
            ("exchange over HTTP", exchanged, True),
        ):
            settings.EXCHANGE_PROVIDERS = {"population": url} if over_http else {}
            for threads in (1, int(args.concurrency)):
                label = f"{name}, {threads} thread{'s' if threads > 1 else ''}"
                say(f"  measuring {label} ...")
                summary = _load(label, subjects, read, threads=threads, args=args).summary()
                say(f"    {summary['rate']:.1f} ops/s, p50 {ms(summary['p50_ms'])} ms")
                rows.append(summary)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result = {"database": database_description(), "rows": rows}
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
