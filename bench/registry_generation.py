"""How fast the synthetic registries are generated: ``generate_registries(people=N, seed=1)``.

Prints people per second, the seconds of each stage (clear, addresses, people, documents,
property, vehicles, businesses, labour, finish = indexes, constraints and statistics), the
rows written, the peak memory, the database and the machine.

Where it runs:

- ``DATABASE_URL`` set: against that database, after ``migrate``. **It replaces every
  registry row there** (people, addresses, property, vehicles, businesses, labour); use a
  throwaway database, never one with data you need.
- ``DATABASE_URL`` unset: in a throwaway database per ``--database`` (an SQLite file under
  ``var/bench/``, or a fresh database on the local PostgreSQL server), removed afterwards.

    .venv/bin/python bench/registry_generation.py                       # SQLite, 1,000,000
    .venv/bin/python bench/registry_generation.py --database both --people 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python \\
        bench/registry_generation.py --people 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import (
    REPO_DIR,
    VENDORS,
    database_description,
    machine_description,
    say,
    setup_django,
    throwaway_database,
)

CHILD_TIMEOUT_SECONDS = 3 * 3600


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Seconds to generate the synthetic registries.")
    parser.add_argument("--people", type=int, default=1_000_000, help="default 1,000,000")
    parser.add_argument("--seed", type=int, default=1, help="default 1")
    parser.add_argument(
        "--database",
        choices=[*VENDORS, "both"],
        default="sqlite",
        help="throwaway database(s) to use when DATABASE_URL is unset (default sqlite)",
    )
    parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a local PostgreSQL server (a throwaway database is created on it and dropped)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the throwaway databases")
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if os.environ.get("DATABASE_URL"):
        if args.result_file is None:
            print_header(args)
            say("DATABASE_URL is set: every registry row in that database will be replaced.")
        result = measure_here(args)
        if args.result_file is not None:
            args.result_file.write_text(json.dumps(result))
        else:
            print_result(result)
        return 0
    print_header(args)
    failed = False
    for vendor in VENDORS if args.database == "both" else (args.database,):
        result = measure_in_child(vendor, args)
        if result is None:
            print(f"\n== {vendor}: the measurement failed (see the messages above) ==")
            failed = True
        else:
            print_result(result)
        sys.stdout.flush()
    return 1 if failed else 0


def print_header(args: argparse.Namespace) -> None:
    print("qyzmet registry generation benchmark")
    for line in machine_description():
        print(line)
    print(f"run:     generate_registries(people={args.people:,}, seed={args.seed})")
    sys.stdout.flush()


def measure_in_child(vendor: str, args: argparse.Namespace) -> dict[str, Any] | None:
    """Measure in a new process (Django is configured once per process) on a throwaway
    database of this vendor."""
    say(f"\n== {vendor}: preparing a throwaway database ==")
    with throwaway_database(vendor, postgres_url=args.postgres_url, keep=args.keep) as database:
        result_file = database.var_dir / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--people", str(args.people),
                   "--seed", str(args.seed), "--result-file", str(result_file)]  # fmt: skip
        child = subprocess.Popen(command, env=database.environ(), cwd=REPO_DIR)
        try:
            child.wait(timeout=CHILD_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            say(f"{vendor}: longer than {CHILD_TIMEOUT_SECONDS} s; stopping")
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if args.keep:
            say(f"{vendor}: kept {database.url} and {database.var_dir}")
        if child.returncode != 0 or not result_file.exists():
            return None
        return json.loads(result_file.read_text())


def measure_here(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate the database of ``DATABASE_URL`` and time one generation there."""
    setup_django()
    from django.core.management import call_command

    from qyzmet.core.progress import Progress
    from qyzmet.registries.generator import generate_registries

    call_command("migrate", interactive=False, verbosity=0)
    show = Progress()
    starts: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        starts.setdefault(stage, time.perf_counter())
        show(stage, done, total)

    started = time.perf_counter()
    counts = generate_registries(people=args.people, seed=args.seed, progress=progress)
    finished = time.perf_counter()
    marks = [*starts.values(), finished]
    stages = {stage: marks[i + 1] - marks[i] for i, stage in enumerate(starts)}
    return {
        "database": database_description(),
        "people": args.people,
        "seconds": finished - started,
        "stages": stages,
        "counts": counts,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def print_result(result: dict[str, Any]) -> None:
    seconds = result["seconds"]
    print(f"\n== {result['database']} ==")
    print(f"{'stage':<12} {'seconds':>9} {'share':>7}")
    for stage, spent in result["stages"].items():
        print(f"{stage:<12} {spent:>9.1f} {spent / seconds:>7.1%}")
    print(f"{'total':<12} {seconds:>9.1f}")
    print(f"people per second: {result['people'] / seconds:,.0f}")
    rows = sum(result["counts"].values())
    print(f"rows: {rows:,} ({rows / seconds:,.0f} per second): " + ", ".join(
        f"{name} {count:,}" for name, count in result["counts"].items()))  # fmt: skip
    print(f"peak memory of the generating process: {result['peak_rss_mib']:,.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
