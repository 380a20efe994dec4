"""Whether the memory of ``qyzmet serve``'s worker processes stays flat over a long run: single-
service submissions at C connections (``rush_client.py``) until N are accepted, the resident
memory (RSS, ``/proc``) of each gunicorn worker sampled after every chunk. Growth is counted
from the first sample (after a warm-up chunk: imports, the catalogue, first templates) to the
last, per thousand submissions, and over the second half of the run alone: caches fill up early to
their bound, a leak keeps growing.

    .venv/bin/python bench/memory.py --database sqlite --submissions 3000

Only 127.0.0.1 is contacted."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from children import measure_in_child, stop_on_sigterm
from common import (
    SERVING_OPTIONS,
    VENDORS,
    add_serving_arguments,
    add_throwaway_arguments,
    database_description,
    machine_description,
    prepare_platform,
    say,
    setup_django,
)
from processes import gunicorn_workers, rss_mib
from ratios import write_jobs
from rush import CLIENT
from server import PID_FILE, running_server
from submissions import Plan, single_service


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Memory of the workers over a long run.")
    parser.add_argument("--submissions", type=int, default=3000, help="Accepted, at least.")
    parser.add_argument("--connections", type=int, default=16, help="Connections (16).")
    parser.add_argument("--chunk", type=int, default=10, help="Seconds between samples (10).")
    add_serving_arguments(parser, people=500)
    add_throwaway_arguments(parser, postgres_url=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    print("Memory of qyzmet serve's workers over a long run of submissions")
    for line in machine_description():
        print(line)
    vendors = VENDORS if args.database == "both" else (args.database,)
    options = ("submissions", "connections", "chunk", *SERVING_OPTIONS)
    for vendor in vendors:
        result = measure_in_child(vendor, args, script=__file__, options=options)
        if result is None:
            print(f"\n== {vendor}: the measurement failed ==")
            return 1
        print(f"\n== {result['database']} ==")
        print(f"{'accepted':>9}  RSS of each worker, MiB")
        for done, rss in result["samples"]:
            print(f"{done:>9}  " + "  ".join(f"{r:7.1f}" for r in rss))
        print(f"growth: {result['growth']:+.1f} MiB per worker per 1000 submissions "
              f"(first sample to last); {result['later_growth']:+.1f} over the second half "
              f"(caches fill early, a leak keeps growing)")  # fmt: skip
    return 0


def measure_here(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    setup_django()
    say(f"  preparing: {args.people} people, {args.citizens} citizens")
    citizens, _ = prepare_platform(people=args.people, seed=args.seed, citizens=args.citizens)
    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    jobs = write_jobs(var_dir, Plan(args=args, citizens=citizens, slug=single_service()))
    from django.db import connections

    connections.close_all()
    samples: list[tuple[int, list[float]]] = []
    with running_server(args.workers, background_worker=args.with_worker) as base:
        root = int((var_dir / PID_FILE).read_text())
        accepted = 0
        chunk(base, jobs["single"], args)  # warm-up
        samples.append((accepted, worker_rss(root)))
        while accepted < args.submissions:
            accepted += chunk(base, jobs["single"], args)
            samples.append((accepted, worker_rss(root)))
            say(f"    {accepted} accepted, RSS {samples[-1][1]} MiB")
    middle = samples[len(samples) // 2]
    result: dict[str, Any] = {
        "database": database_description(), "samples": samples,
        "growth": _growth(samples[0], samples[-1]), "later_growth": _growth(middle, samples[-1]),
    }  # fmt: skip
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


def _growth(start: tuple[int, list[float]], end: tuple[int, list[float]]) -> float:
    """MiB per worker per 1000 submissions accepted between two samples."""
    grown = sum(b - a for a, b in zip(start[1], end[1], strict=False)) / max(len(start[1]), 1)
    return grown * 1000 / max(end[0] - start[0], 1)


def chunk(base: str, jobs: Path, args: argparse.Namespace) -> int:
    argv = [sys.executable, str(CLIENT), base, str(jobs), str(args.connections), str(args.chunk)]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return len(json.loads(done.stdout)["latencies"].get("201", []))


def worker_rss(root: int) -> list[float]:
    """RSS in MiB of each gunicorn worker under ``root`` (``qyzmet serve``)."""
    return [rss_mib(worker.pid) for worker in gunicorn_workers(root)]


if __name__ == "__main__":
    sys.exit(main())
