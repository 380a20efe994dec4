"""How fast ``qyzmet keys rotate`` re-encrypts personal data: rows and values per second.

Generates the synthetic registries (``--people``, default 100,000) in a throwaway database,
then makes a new current data key and re-encrypts every encrypted column in batches
(``reencrypt_data``, what the command runs), and prints rows per second per table and in all,
the database and the machine.

Where it runs:

- ``DATABASE_URL`` set: against that database, after ``migrate``. **It replaces every
  registry row there** and rotates the data key of ``QYZMET_KEY_DIR``; use a throwaway
  database and key folder.
- ``DATABASE_URL`` unset: in a throwaway database per ``--database`` (an SQLite file under
  ``var/bench/``, or a fresh database on the local PostgreSQL server), removed afterwards.

    .venv/bin/python bench/reencryption.py                         # SQLite, 100,000 people
    .venv/bin/python bench/reencryption.py --database both --people 200000 --batch 2000
"""

from __future__ import annotations

import argparse
import json
import os
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
    parser = argparse.ArgumentParser(description="Rows per second of re-encryption.")
    parser.add_argument("--people", type=int, default=100_000, help="default 100,000")
    parser.add_argument("--batch", type=int, default=1000, help="rows per transaction (1000)")
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
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if os.environ.get("DATABASE_URL"):
        result = measure_here(args)
        if args.result_file is not None:
            args.result_file.write_text(json.dumps(result))
        else:
            print_header(args)
            print_result(result)
        return 0
    print_header(args)
    failed = False
    for vendor in VENDORS if args.database == "both" else (args.database,):
        with throwaway_database(vendor, postgres_url=args.postgres_url) as database:
            result_file = database.var_dir / "result.json"
            command = [sys.executable, str(Path(__file__).resolve()), "--people",
                       str(args.people), "--batch", str(args.batch),
                       "--result-file", str(result_file)]  # fmt: skip
            env = {**database.environ(), "QYZMET_KEY_DIR": str(database.var_dir / "keys")}
            child = subprocess.run(
                command, env=env, cwd=REPO_DIR, timeout=CHILD_TIMEOUT_SECONDS, check=False
            )
            if child.returncode != 0 or not result_file.exists():
                print(f"\n== {vendor}: the measurement failed (see the messages above) ==")
                failed = True
                continue
            print_result(json.loads(result_file.read_text()))
        sys.stdout.flush()
    return 1 if failed else 0


def print_header(args: argparse.Namespace) -> None:
    print("qyzmet re-encryption benchmark")
    for line in machine_description():
        print(line)
    print(
        f"run:     {args.people:,} people generated, then qyzmet keys rotate --batch {args.batch}"
    )
    sys.stdout.flush()


def measure_here(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from django.core.management import call_command

    from qyzmet.keys.rotation import data_key_status, reencrypt_data, rotate_data_key
    from qyzmet.registries.generator import generate_registries

    call_command("migrate", interactive=False, verbosity=0)
    say(f"generating {args.people:,} people...")
    generate_registries(people=args.people, seed=1)
    rotate_data_key()
    tables: dict[str, dict[str, float]] = {}
    started_at: dict[str, float] = {}

    def progress(table: str, done: int, total: int, rate: float) -> None:
        now = time.perf_counter()
        started_at.setdefault(table, now)
        tables[table] = {"rows": done, "seconds": now - started_at[table]}

    say("re-encrypting...")
    report = reencrypt_data(batch=args.batch, progress=progress)
    return {
        "database": database_description(),
        "people": args.people,
        "rows": report.rows,
        "values": report.values,
        "seconds": report.seconds,
        "tables": tables,
        "left": data_key_status().left,
    }


def print_result(result: dict[str, Any]) -> None:
    seconds = result["seconds"]
    print(f"\n== {result['database']} ==")
    print(f"{'table':<30} {'rows':>10} {'seconds':>8} {'rows/s':>9}")
    for table, figures in result["tables"].items():
        rows, spent = figures["rows"], figures["seconds"]
        rate = f"{rows / spent:>9,.0f}" if spent else f"{'-':>9}"
        print(f"{table:<30} {rows:>10,.0f} {spent:>8.1f} {rate}")
    print(f"{'total':<30} {result['rows']:>10,} {seconds:>8.1f} {result['rows'] / seconds:>9,.0f}")
    print(
        f"values re-encrypted: {result['values']:,} ({result['values'] / seconds:,.0f} per second)"
    )
    print(f"rows left under the old key: {result['left']}")


if __name__ == "__main__":
    sys.exit(main())
