"""What a page of ``GET /api/v1/applications`` costs: the CPU of one page in this one process
(Django's test client, a citizen's bearer token, the API's default page), the statements it
sends, the CPU of the PostgreSQL backend serving it (when it runs on this machine), and a
cProfile of ``--rounds`` pages (after two unprofiled ones, so caches are warm as in a served
worker).

    QYZMET_VAR_DIR=/tmp/list-var .venv/bin/python bench/application_list.py
    QYZMET_VAR_DIR=/tmp/list-var .venv/bin/python bench/application_list.py --profile --top 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/list ... (the database must exist)

The first run prepares the database (migrate, catalogue, registries, one citizen) and submits
``--applications`` applications for the citizen through ``submit_application`` (two single
services and ``moving`` in turn), keeping the database and the citizen's token in
``QYZMET_VAR_DIR``; later runs reuse them, so runs of two versions of the code on the same
database answer the same pages: the SHA-256 of the pages' bodies printed must be equal.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import in_one_process, prepare_platform, say, setup_django
from growth import backend_cpu, backend_pid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--applications", type=int, default=200,
        help="Applications of the citizen, made on the first run (200).",
    )  # fmt: skip
    parser.add_argument("--rounds", type=int, default=50, help="Pages measured (50).")
    parser.add_argument(
        "--limit", type=int, help="Rows of the page measured (?limit=; the API's default)."
    )
    parser.add_argument("--repeat", type=int, default=3, help="Times the rounds are timed (3).")
    parser.add_argument("--profile", action="store_true", help="Profile --rounds pages.")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--queries", action="store_true", help="Print each statement.")
    parser.add_argument("--dump", help="Write the profile (pstats) to this file.")
    args = parser.parse_args()

    in_one_process()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    state = var_dir / f"list-citizen-{connection.vendor}.json"
    if not state.exists():
        state.write_text(json.dumps({"token": prepare_citizen(args.applications)}))
    token = json.loads(state.read_text())["token"]
    client = Client()

    def pages() -> list[bytes]:
        """Every page of the citizen's list, the API's default size, following ``Link``."""
        bodies, url = [], "/api/v1/applications"
        while url:
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            assert response.status_code == 200, (response.status_code, response.content[:300])
            bodies.append(response.content)
            url = response.get("Link", "").partition("<")[2].partition(">")[0]
        return bodies

    first = "/api/v1/applications" + (f"?limit={args.limit}" if args.limit else "")

    def one() -> None:
        response = client.get(first, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, (response.status_code, response.content[:300])

    bodies = pages()
    rows = [len(json.loads(body)) for body in bodies]
    digest = hashlib.sha256(b"\n".join(bodies)).hexdigest()[:16]
    print(f"{connection.vendor}: {len(bodies)} pages of {rows} rows, {sum(map(len, bodies)):,} "
          f"bytes, SHA-256 {digest}")  # fmt: skip
    one()
    with CaptureQueriesContext(connection) as queries:
        one()
    shown = args.limit or rows[0]
    print(f"first page of {shown} rows: {len(queries.captured_queries)} statements")
    if args.queries:
        for query in queries.captured_queries:
            print("  ", query["sql"][:160])
    pid = backend_pid() if connection.vendor == "postgresql" else None
    spent, backend = [], []
    for _ in range(args.repeat):
        started, served = time.process_time(), backend_cpu(pid) if pid else 0.0
        for _ in range(args.rounds):
            one()
        spent.append((time.process_time() - started) / args.rounds * 1000)
        if pid:
            backend.append((backend_cpu(pid) - served) / args.rounds * 1000)
    print(
        f"first page, {args.rounds} requests x {args.repeat}: "
        + ", ".join(f"{ms:.2f}" for ms in spent)
        + f" ms of CPU each (best {min(spent):.2f})"
    )
    if backend:
        print("  and the PostgreSQL backend's: " + ", ".join(f"{ms:.2f}" for ms in backend) + " ms")
    if not args.profile:
        return 0
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.rounds):
        one()
    profile.disable()
    stats = pstats.Stats(profile)
    print(f"{stats.total_calls / args.rounds:,.0f} function calls a page")  # type: ignore[attr-defined]
    stats.sort_stats(args.sort).print_stats(args.top)
    if args.dump:
        stats.dump_stats(args.dump)
    return 0


def prepare_citizen(count: int) -> str:
    """Prepare the platform with one citizen, submit ``count`` applications for them (the
    single services and ``moving`` in turn, as they would over the years) and return their
    token."""
    from qyzmet.applications.services import submit_application
    from submissions import MOVING, MOVING_ANSWERS, SINGLE_SERVICES, Plan

    citizens, _ = prepare_platform(people=1000, seed=2026, citizens=1)
    (citizen,) = citizens
    requests = []
    for slug in SINGLE_SERVICES:
        plan = Plan(args=argparse.Namespace(), citizens=citizens, slug=slug)
        requests.append({"service": slug, "data": plan.single_data()[citizen.iin]})
    moving = Plan(args=argparse.Namespace(), citizens=citizens, slug=SINGLE_SERVICES[0])
    requests.append(
        {"life_situation": MOVING, "answers": MOVING_ANSWERS,
         "data": moving.moving_data()[citizen.iin]}
    )  # fmt: skip
    for number in range(count):
        submit_application(
            citizen=citizen.user, channel="api", idempotency_key=f"list-{uuid.uuid4().hex}",
            **requests[number % len(requests)],
        )  # fmt: skip
    say(f"  {count} applications submitted for one citizen")
    return citizen.token


if __name__ == "__main__":
    sys.exit(main())
