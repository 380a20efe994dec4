"""What SQLite's checkpoints cost the writers: submissions (``POST /api/v1/applications``,
through Django's test client in this one process) on a throwaway SQLite file, in rounds that
alternate the write-ahead log's size at which a commit checkpoints it (``wal_autocheckpoint``,
in pages of 4 KiB), with each commit's wall time.

A commit that reaches the size copies the log into the database file and waits for two fsyncs,
inside the writers' turn (decision 0074): every other writer of the file waits with it. So the
commit time a setting costs per submission is time the file takes no other write; the longest
commit is how long one checkpoint holds every writer up. A process also checkpoints on its
own after its turn, every ``CHECKPOINT_EVERY`` commits (``core/sqlite/base.py``): that time
holds no other writer up and is not counted in the commit's.

    .venv/bin/python bench/sqlite_checkpoints.py
    .venv/bin/python bench/sqlite_checkpoints.py --pages 1000 4000 --submissions 500 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_description, percentiles, say, setup_django, throwaway_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--submissions", type=int, default=300, help="Per setting and round.")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--citizens", type=int, default=50)
    args = parser.parse_args()
    with throwaway_database("sqlite") as database:
        os.environ.update(database.environ())
        os.environ.setdefault("QYZMET_DEMO", "true")
        os.environ["QYZMET_LOG_LEVEL"] = "WARNING"
        setup_django()
        measured = measure(args)
    print("# SQLite checkpoints: the writers' wait per submission\n")
    print("\n".join(machine_description()))
    print(f"{args.submissions} submissions per setting and round, {args.rounds} rounds\n")
    print("| pages | commits | commit ms: mean | p50 | p99 | longest | checkpoints | "
          "submission ms: mean | p99 |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for pages in args.pages:
        commits, submissions = measured[pages]
        p50, p99 = percentiles(commits, (50, 99))
        slow = sum(1 for c in commits if c > 10 * p50)
        print(
            f"| {pages} | {len(commits)} | {statistics.mean(commits):.2f} | {p50:.2f} | "
            f"{p99:.1f} | {max(commits):.1f} | {slow} | {statistics.mean(submissions):.1f} | "
            f"{percentiles(submissions, (99,))[0]:.1f} |"
        )
    print("\ncheckpoints: commits taking more than ten times the median commit")
    return 0


def measure(args: argparse.Namespace) -> dict[int, tuple[list[float], list[float]]]:
    from django.db import connection
    from django.test import Client

    from common import prepare_platform
    from qyzmet.core.sqlite.base import DatabaseWrapper
    from submissions import Plan, single_service

    say("preparing the platform ...")
    citizens, _ = prepare_platform(people=args.people, seed=2026, citizens=args.citizens)
    slug = single_service()
    values = Plan(args=argparse.Namespace(), citizens=citizens, slug=slug).single_data()
    commits: list[float] = []
    timed, own = DatabaseWrapper._commit, DatabaseWrapper.checkpoint
    after_turn = [0.0]  # ms of the process's own checkpoint, run after the turn was given

    def commit(self: DatabaseWrapper) -> None:
        started, after_turn[0] = time.perf_counter(), 0.0
        try:
            timed(self)
        finally:
            commits.append((time.perf_counter() - started) * 1000 - after_turn[0])

    def checkpoint(self: DatabaseWrapper) -> bool:
        started = time.perf_counter()
        try:
            return own(self)
        finally:
            after_turn[0] += (time.perf_counter() - started) * 1000

    DatabaseWrapper._commit = commit  # type: ignore[method-assign]
    DatabaseWrapper.checkpoint = checkpoint  # type: ignore[method-assign]
    client = Client()
    measured: dict[int, tuple[list[float], list[float]]] = {p: ([], []) for p in args.pages}
    number = 0
    for round_ in range(args.rounds):
        for pages in args.pages:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # each setting from empty
                cursor.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")
            say(f"  round {round_ + 1}: {pages} pages")
            commits.clear()
            took = measured[pages][1]
            for _ in range(args.submissions):
                citizen = citizens[number % len(citizens)]
                number += 1
                body = {"service": slug, "data": values[citizen.iin], "submit": True}
                started = time.perf_counter()
                response = client.post(
                    "/api/v1/applications", data=json.dumps(body),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {citizen.token}",
                    HTTP_IDEMPOTENCY_KEY=f"checkpoints-{uuid.uuid4().hex}",
                )  # fmt: skip
                took.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 201, (response.status_code, response.content)
            measured[pages][0].extend(commits)
    return measured


if __name__ == "__main__":
    sys.exit(main())
