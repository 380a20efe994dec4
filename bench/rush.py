"""A rush far above capacity (issue 18): ``qyzmet serve`` loaded by C closed-loop connections
(16, 64, 256, 500 by default) on single-service submissions and on the home page. Past what the
workers take in (``QYZMET_ADMISSION_LIMIT``), requests are shed at once (503 with
``Retry-After``) instead of queueing everyone for seconds; what is taken in is completed.

Each row prints the accepted answers per second (201 for a submission, 200 for the page), the
shed ones (503) per second, p50 and p99 latency of the accepted, other 5xx (none are expected),
requests with no HTTP answer, and the accepted rate as a share of the row at the fewest
connections. The load (``rush_client.py``) shares the machine with the server (its background
worker runs beside it only with ``--with-worker``, as in ``ratios.py``); a connection
shed waits its ``Retry-After`` before it sends again, as the waiting room and a well-behaved
client do (``--impatient``: at once, the harshest rush).

    .venv/bin/python bench/rush.py                            # both databases, 10 s per row
    .venv/bin/python bench/rush.py --database sqlite --connections 16,500

Only 127.0.0.1 is contacted. Settings of the server come from the environment (e.g.
``QYZMET_ADMISSION_LIMIT=8``)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from children import measure_in_child, ms, stop_on_sigterm
from common import (
    SERVING_OPTIONS,
    VENDORS,
    add_serving_arguments,
    add_throwaway_arguments,
    database_description,
    machine_description,
    percentiles,
    prepare_platform,
    say,
    setup_django,
)
from ratios import settle, write_jobs
from server import running_server
from submissions import Plan, single_service

CLIENT = Path(__file__).resolve().parent / "rush_client.py"
TARGETS = (("single service", "single", 201), ("home page", "home", 200))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="qyzmet under a rush far above capacity.")
    parser.add_argument("--connections", default="16,64,256,500", help="Loads, comma-separated.")
    parser.add_argument("--seconds", type=int, default=10, help="Seconds per row (10).")
    parser.add_argument(
        "--impatient", type=int, default=0, help="1: send again at once after a 503."
    )
    add_serving_arguments(parser)
    add_throwaway_arguments(parser, postgres_url=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    waits = "send again at once" if args.impatient else "wait Retry-After"
    print(f"qyzmet under a rush: closed-loop connections; shed ones {waits}")
    for line in machine_description():
        print(line)
    limit = os.environ.get("QYZMET_ADMISSION_LIMIT", "default")
    print(f"run:     {args.seconds} s per row; {args.workers} gunicorn workers; admission limit "
          f"{limit} per worker; {args.citizens} citizens; background worker "
          f"{'beside it' if args.with_worker else 'not running'}")  # fmt: skip
    sys.stdout.flush()
    failed = False
    vendors = VENDORS if args.database == "both" else (args.database,)
    options = ("connections", "seconds", "impatient", *SERVING_OPTIONS)
    for vendor in vendors:
        result = measure_in_child(vendor, args, script=__file__, options=options)
        if result is None:
            print(f"\n== {vendor}: the measurement failed (see the progress above) ==")
            failed = True
            continue
        print_result(result)
        failed = failed or any(row["other_5xx"] for row in result["rows"])
        sys.stdout.flush()
    return 1 if failed else 0


def print_result(result: dict[str, Any]) -> None:
    print(f"\n== {result['database']} ==")
    print(f"before the run the machine was {result['busy_before']:.0f} % busy (other processes)")
    print(
        f"\n{'':<16}{'conns':>6}{'accepted/s':>11}{'shed/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'5xx':>5}{'none':>6}{'of max':>8}"
    )
    for row in result["rows"]:
        print(
            f"{row['name']:<16}{row['connections']:>6}{row['accepted']:>11.1f}{row['shed']:>9.1f}"
            f"{ms(row['p50_ms']):>9}{ms(row['p99_ms']):>9}{row['other_5xx']:>5}"
            f"{row['no_answer']:>6}{row['share']:>8.2f}"
        )
    print("\n  p50/p99: of the accepted answers; 5xx: other than the shed 503s; none: no HTTP "
          "answer;\n  of max: accepted per second over that of the fewest connections")  # fmt: skip


# ---------------------------------------------------------------- child: one database


def measure_here(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    setup_django()
    from qyzmet.core.progress import Progress

    say(f"  preparing: {args.people} people, {args.citizens} citizens")
    citizens, _ = prepare_platform(
        people=args.people, seed=args.seed, citizens=args.citizens, progress=Progress(sys.stderr)
    )
    plan = Plan(args=args, citizens=citizens, slug=single_service())
    jobs = write_jobs(Path(os.environ["QYZMET_VAR_DIR"]), plan)
    from django.db import connections

    connections.close_all()
    loads = [int(c) for c in str(args.connections).split(",")]
    rows: list[dict[str, Any]] = []
    with running_server(args.workers, background_worker=args.with_worker) as base:
        for name, job, expect in TARGETS:
            first = None
            for count in loads:
                row = rush(base, name, jobs[job], count, args, expect)
                first = first or row["accepted"]
                row["share"] = row["accepted"] / first if first else 0.0
                rows.append(row)
    result = {"database": database_description(), "rows": rows}
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


def rush(
    base: str, name: str, jobs: Path, connections: int, args: argparse.Namespace, expect: int
) -> dict[str, Any]:
    settle(base)
    say(f"  {name}: {connections} connections ...")
    seconds = args.seconds
    argv = [sys.executable, str(CLIENT), base, str(jobs), str(connections), str(seconds)]
    argv += ["impatient"] if args.impatient else []
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    seen: dict[str, list[float]] = json.loads(done.stdout)["latencies"]
    accepted = seen.get(str(expect), [])
    p50, p99 = percentiles([s * 1000 for s in accepted], (50, 99))
    row = {
        "name": name, "connections": connections,
        "accepted": len(accepted) / seconds, "shed": len(seen.get("503", [])) / seconds,
        "p50_ms": p50, "p99_ms": p99,
        "other_5xx": sum(len(v) for k, v in seen.items() if k.startswith("5") and k != "503"),
        "no_answer": len(seen.get("0", [])),
        "statuses": {k: len(v) for k, v in seen.items()},
    }  # fmt: skip
    say(f"    {row['accepted']:.1f}/s accepted, {row['shed']:.1f}/s shed, p50 {ms(p50)} ms, "
        f"statuses {row['statuses']}")  # fmt: skip
    return row


if __name__ == "__main__":
    sys.exit(main())
