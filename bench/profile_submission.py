"""Where one submission's time goes: ``POST /api/v1/applications`` (and ``GET /``) through
Django's test client in this one process, with the statements it sends and a cProfile of
``--rounds`` requests (after two unprofiled ones, so caches are warm as in a served worker).

    QYZMET_VAR_DIR=/tmp/prof-var .venv/bin/python bench/profile_submission.py
    QYZMET_VAR_DIR=/tmp/prof-var .venv/bin/python bench/profile_submission.py --what moving
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prof ... (the database must exist)

The first run prepares the database (migrate, catalogue, registries, citizens) and keeps it
with the citizens' tokens in ``QYZMET_VAR_DIR``; later runs reuse it. Deterministic counts
(statements, function calls) are the figures to compare; the times are one loaded machine's.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import in_one_process, prepare_platform, setup_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", choices=["single", "moving", "home"], default="single")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--queries", action="store_true", help="Print each statement.")
    parser.add_argument("--dump", help="Write the profile (pstats) to this file.")
    parser.add_argument(
        "--turns", action="store_true",
        help="On SQLite: how long each request holds the writers' turn (decision 0074).",
    )  # fmt: skip
    args = parser.parse_args()

    in_one_process()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from submissions import MOVING, MOVING_ANSWERS, Plan, single_service

    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    state = var_dir / f"profile-citizens-{connection.vendor}.json"
    if not state.exists():
        citizens, _ = prepare_platform(people=1000, seed=2026, citizens=20)
        plan = Plan(args=argparse.Namespace(), citizens=citizens, slug=single_service())
        single, moving = plan.single_data(), plan.moving_data()
        rows = [
            {"token": c.token, "single": single[c.iin], "moving": moving[c.iin]} for c in citizens
        ]
        state.write_text(json.dumps({"slug": plan.slug, "citizens": rows}))
    saved = json.loads(state.read_text())
    citizens = saved["citizens"]
    client = Client()

    def one(number: int) -> None:
        if args.what == "home":
            response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
            assert response.status_code == 200, response.status_code
            return
        citizen = citizens[number % len(citizens)]
        if args.what == "single":
            body = {"service": saved["slug"], "data": citizen["single"], "submit": True}
        else:
            body = {
                "life_situation": MOVING,
                "answers": MOVING_ANSWERS,
                "data": citizen["moving"],
                "submit": True,
            }
        response = client.post(
            "/api/v1/applications",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {citizen['token']}",
            HTTP_IDEMPOTENCY_KEY=f"prof-{uuid.uuid4().hex}",
        )
        assert response.status_code == 201, (response.status_code, response.content[:300])

    one(0)
    one(1)
    if os.environ.get("PROFILE_WHO"):
        exec(Path(os.environ["PROFILE_WHO"]).read_text(), {})
    with CaptureQueriesContext(connection) as queries:
        one(2)
    print(f"{args.what}: {len(queries.captured_queries)} statements in one request")
    if args.queries:
        for query in queries.captured_queries:
            print("  ", query["sql"][:160])
    turns = HeldTurns() if args.turns and connection.vendor == "sqlite" else None
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for number in range(3, 3 + args.rounds):
        one(1000 + number)
    cpu = (time.process_time() - cpu_started) / args.rounds * 1000
    wall = (time.perf_counter() - wall_started) / args.rounds * 1000
    print(f"{args.rounds} requests: {cpu:.1f} ms of CPU each without the profiler")
    if turns is not None:
        turns.stop()
        held = sum(turns.lengths) / args.rounds
        print(
            f"writers' turn: {len(turns.lengths) / args.rounds:.1f} turns and {held:.1f} ms held "
            f"per request of {wall:.1f} ms ({held / wall:.0%}); the longest turn's median "
            f"{turns.longest_median():.1f} ms"
        )
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for number in range(3, 3 + args.rounds):
        one(number)
    profile.disable()
    elapsed = time.perf_counter() - started
    stats = pstats.Stats(profile)
    print(
        f"{args.rounds} requests: {elapsed / args.rounds * 1000:.1f} ms each under the profiler, "
        f"{stats.total_calls / args.rounds:,.0f} function calls each"  # type: ignore[attr-defined]
    )
    stats.sort_stats(args.sort).print_stats(args.top)
    if args.dump:
        stats.dump_stats(args.dump)
    return 0


class HeldTurns:
    """While it lasts, the wall time of every turn this process's connections hold to write
    the SQLite file (from taking the turn to its commit or rollback)."""

    def __init__(self) -> None:
        from qyzmet.core.sqlite.base import DatabaseWrapper

        self.lengths: list[float] = []
        take, end = DatabaseWrapper.take_turn, DatabaseWrapper.end_turn
        self._restore = (take, end)
        started: dict[int, float] = {}

        def timed_take(wrapper: DatabaseWrapper) -> None:
            if not wrapper.in_turn:
                started[id(wrapper)] = time.perf_counter()
            take(wrapper)

        def timed_end(wrapper: DatabaseWrapper, **how: bool) -> None:
            if wrapper.in_turn and id(wrapper) in started:
                self.lengths.append((time.perf_counter() - started.pop(id(wrapper))) * 1000)
            end(wrapper, **how)  # the turn given, then (after a commit) a checkpoint

        DatabaseWrapper.take_turn = timed_take  # type: ignore[method-assign]
        DatabaseWrapper.end_turn = timed_end  # type: ignore[method-assign]

    def stop(self) -> None:
        from qyzmet.core.sqlite.base import DatabaseWrapper

        DatabaseWrapper.take_turn, DatabaseWrapper.end_turn = self._restore  # type: ignore[method-assign]

    def longest_median(self) -> float:
        """The median of the turns longer than 1 ms (a submission's transaction; the others
        are single writes outside one)."""
        long = sorted(length for length in self.lengths if length > 1)
        return long[len(long) // 2] if long else 0.0


if __name__ == "__main__":
    sys.exit(main())
