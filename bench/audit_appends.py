"""How many audit records per second the audit log takes: ``record_audit`` called by
concurrent writers, each append its own transaction, as every change of state does it (one
INSERT, no lock: decision 0023); then how long sealing them all takes.

For each database (``--database sqlite|postgres|both``, default both) a child process
migrates a throwaway database and runs, for each writer count in ``--threads`` (default
1, 4, 16), writers appending records for ``--seconds`` (default 10) each. It prints appends
per second, latency percentiles, then seals every record (as the workers do every minute) and
checks the whole log with the same function as ``qyzmet audit verify``: the benchmark fails
(exit 1) if a record is missing, numbered twice or does not verify.

    .venv/bin/python bench/audit_appends.py
    .venv/bin/python bench/audit_appends.py --database postgres --threads 1,8 --seconds 20
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from common import (
    REPO_DIR,
    VENDORS,
    Load,
    database_description,
    machine_description,
    say,
    setup_django,
    throwaway_database,
)

CHILD_TIMEOUT_SECONDS = 1800


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Audit records appended per second.")
    parser.add_argument("--database", choices=[*VENDORS, "both"], default="both")
    parser.add_argument("--threads", default="1,4,16", help="writer counts (default 1,4,16)")
    parser.add_argument("--seconds", type=float, default=10.0, help="per writer count")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.result_file is not None:
        args.result_file.write_text(json.dumps(measure_here(args)))
        return 0
    print("qyzmet audit chain append benchmark")
    for line in machine_description():
        print(line)
    failed = False
    for vendor in VENDORS if args.database == "both" else (args.database,):
        result = measure_in_child(vendor, args)
        if result is None:
            print(f"\n== {vendor}: the measurement failed (see the messages above) ==")
            failed = True
            continue
        print_result(result)
        failed |= bool(result["problems"])
    return 1 if failed else 0


def measure_in_child(vendor: str, args: argparse.Namespace) -> dict[str, Any] | None:
    say(f"\n== {vendor}: preparing a throwaway database ==")
    with throwaway_database(vendor, postgres_url=args.postgres_url) as database:
        result_file = database.var_dir / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--threads", args.threads,
                   "--seconds", str(args.seconds), "--result-file", str(result_file)]  # fmt: skip
        child = subprocess.run(
            command, env=database.environ(), cwd=REPO_DIR, timeout=CHILD_TIMEOUT_SECONDS
        )
        if child.returncode != 0 or not result_file.exists():
            return None
        return json.loads(result_file.read_text())


def measure_here(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    import time

    from django.core.management import call_command
    from django.db import connection, transaction

    from qyzmet.audit.models import AuditRecord
    from qyzmet.audit.sealing import seal_audit_log
    from qyzmet.audit.services import record_audit
    from qyzmet.audit.verification import verify_audit_log
    from qyzmet.catalog.models import Agency

    call_command("migrate", interactive=False, verbosity=0)
    subject = Agency.objects.create(slug="bench", name={"en": "Benchmark agency"})

    def append(_worker: int, number: int) -> None:
        with transaction.atomic():
            record_audit(
                actor=None,
                action="bench.appended",
                obj=subject,
                channel="bench",
                details={"number": number, "note": "an append of the benchmark"},
            )

    rows = []
    for threads in [int(t) for t in args.threads.split(",")]:
        say(f"  {threads} writer(s), {args.seconds:.0f} s")
        load: Load[int, int] = Load(
            name=f"{threads} writer(s)",
            jobs=range(10_000_000),
            work=append,
            open_worker=lambda worker: worker,  # the state must not be None
            close_worker=lambda _s: connection.close(),
            threads=threads,
            time_limit=args.seconds,
        )
        rows.append(load.run().summary())
    say("  sealing every record, then verifying the whole log")
    started = time.perf_counter()
    seal_audit_log()
    sealed_in = time.perf_counter() - started
    problems = verify_audit_log()
    return {
        "database": database_description(),
        "rows": rows,
        "records": AuditRecord.objects.count(),
        "seal_seconds": sealed_in,
        "problems": [str(p) for p in problems],
    }


def print_result(result: dict[str, Any]) -> None:
    print(f"\n== {result['database']} ==")
    print(f"{'writers':<14} {'appends/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7} {'done':>8} {'CPU %':>6}")  # fmt: skip
    for row in result["rows"]:
        print(f"{row['name']:<14} {row['rate']:>10,.0f} {row['p50_ms']:>8.2f} "
              f"{row['p95_ms']:>8.2f} {row['p99_ms']:>8.2f} {row['errors']:>7} "
              f"{row['done']:>8,} {row['cpu_percent']:>6.0f}")  # fmt: skip
        if row["error_kinds"]:
            print(f"  errors: {row['error_kinds']}")
    verdict = "; ".join(result["problems"]) or "intact (every record sealed once, no gap)"
    print(f"sealing {result['records']:,} records: {result['seal_seconds']:.1f} s")
    print(f"log after {result['records']:,} records: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
