"""qyzmet as a ratio of the bare stack it is built on, measured back to back in one run.

For each database (a throwaway SQLite file or PostgreSQL database) it serves, with the same
number of gunicorn workers, first the bare stack (``bench/baseline``: Django + django-ninja,
a POST that validates a JSON body and inserts four rows in one transaction, a GET of one row)
and then qyzmet (``qyzmet serve``), and loads each with wrk (C connections, D seconds):

    bare: submission         POST /api/submissions              (the baseline of submissions)
    qyzmet: single service   POST /api/v1/applications, submit  (a citizen's bearer token)
    qyzmet: moving           the same for the life situation ``moving`` (three cases)
    bare: trivial GET        GET /api/submissions/1             (the baseline of reads)
    qyzmet: home page        GET /
    qyzmet: life situations  GET /api/v1/life-situations

Each row prints the rate of answers with the expected status (201, or 200 for reads: what was
accepted; a shed 503 or any other answer is counted apart, not in the rate), p50 and p99
latency, the other answers, and its ratio to the bare row of its kind; then the CPU time the
server used per accepted answer (its processes', and on PostgreSQL the backends' of its
database: ``processes.py``) and the same ratio by CPU time, which a shared machine disturbs far
less than the rates. qyzmet is served
without its background worker unless ``--with-worker``: the bare stack has no background work,
and on a small machine the worker issuing the certificates' documents takes cores from the
submissions being measured; a deployment runs workers on their own machines. The machine is
shared: read the ratios, which are taken minutes apart on the same machine, not the absolute
figures.

    .venv/bin/python bench/ratios.py                         # both databases, 20 s per row
    .venv/bin/python bench/ratios.py --database sqlite --seconds 10

Needs ``wrk`` (Debian's package). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from children import measure_in_child, ms, stop_on_sigterm
from common import (
    REPO_DIR,
    SERVING_OPTIONS,
    VENDORS,
    add_serving_arguments,
    add_throwaway_arguments,
    database_description,
    free_port,
    machine_description,
    prepare_platform,
    say,
    setup_django,
)
from processes import cpu_seconds
from server import PID_FILE, running_server
from submissions import MOVING, MOVING_ANSWERS, Plan, single_service

BENCH_DIR = Path(__file__).resolve().parent
BASELINE_DIR = BENCH_DIR / "baseline"
WRK_SCRIPT = BENCH_DIR / "wrk" / "post.lua"
BASELINE_OF = {"submission": "bare: submission", "read": "bare: trivial GET"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="qyzmet against the bare Django stack.")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--seconds", type=int, default=20, help="Seconds per row (20).")
    add_serving_arguments(parser)
    add_throwaway_arguments(parser, postgres_url=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    print("qyzmet against the bare stack (Django + django-ninja, one four-row transaction)")
    for line in machine_description():
        print(line)
    print(
        f"run:     wrk {args.threads} threads, {args.connections} connections, "
        f"{args.seconds} s per row; {args.workers} gunicorn workers for each server; "
        f"{args.citizens} citizens, {args.people} people in the registries; qyzmet's "
        f"background worker {'beside it' if args.with_worker else 'not running'}"
    )
    sys.stdout.flush()
    failed = False
    vendors = VENDORS if args.database == "both" else (args.database,)
    options = ("connections", "threads", "seconds", *SERVING_OPTIONS)
    for vendor in vendors:
        result = measure_in_child(vendor, args, script=__file__, options=options)
        if result is None:
            print(f"\n== {vendor}: the measurement failed (see the progress above) ==")
            failed = True
            continue
        print_result(result)
        failed = failed or any(row["unexpected"] or row["socket_errors"] for row in result["rows"])
        sys.stdout.flush()
    return 1 if failed else 0


def print_result(result: dict[str, Any]) -> None:
    print(f"\n== {result['database']} ==")
    print(f"before the run the machine was {result['busy_before']:.0f} % busy (other processes)")
    print(
        f"\n{'':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'other':>7}{'socket':>8}{'ratio':>8}"
        f"{'CPU ms':>9}{'CPU ratio':>11}"
    )
    for row in result["rows"]:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.3f}"
        cpu = "" if row["cpu_ms"] is None else f"{row['cpu_ms']:.2f}"
        cpu_ratio = "" if row["cpu_ratio"] is None else f"{row['cpu_ratio']:.3f}"
        print(
            f"{row['name']:<26}{row['rate']:>9.1f}{ms(row['p50_ms']):>9}{ms(row['p99_ms']):>9}"
            f"{row['unexpected']:>7}{row['socket_errors']:>8}{ratio:>8}{cpu:>9}{cpu_ratio:>11}"
        )
    print("\n  req/s: answers with the row's expected status (201, or 200 for reads) per second")
    print("  other: answers other than that (a shed 503 among them), not counted in req/s")
    print("  CPU ms: CPU time of the server's processes (and PostgreSQL's backends of its")
    print("  database) per accepted answer; CPU ratio: the bare row's CPU ms over this row's,")
    print("  which other work on a shared machine disturbs far less than the rates")


# ---------------------------------------------------------------- child: one database


def measure_here(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    setup_django()
    from qyzmet.core.progress import Progress

    say(f"  preparing: {args.people} people, {args.citizens} citizens")
    citizens, _ = prepare_platform(
        people=args.people, seed=args.seed, citizens=args.citizens, progress=Progress(sys.stderr)
    )
    slug = single_service()
    plan = Plan(args=args, citizens=citizens, slug=slug)
    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    jobs = write_jobs(var_dir, plan)
    from django.db import connections

    connections.close_all()

    rows: list[dict[str, Any]] = []
    with bare_server(var_dir, workers=args.workers) as (bare, root):
        rows.append(load(args, "bare: submission", "submission", bare, root, jobs["bare"], 201))
        rows.append(load(args, "bare: trivial GET", "read", bare, root, jobs["bare-get"], 200))
    with running_server(args.workers, background_worker=args.with_worker) as base:
        root = int((var_dir / PID_FILE).read_text())
        for name, kind, job, expect in (
            ("qyzmet: single service", "submission", "single", 201),
            ("qyzmet: moving", "submission", "moving", 201),
            ("qyzmet: home page", "read", "home", 200),
            ("qyzmet: life situations", "read", "situations", 200),
        ):
            rows.append(load(args, name, kind, base, root, jobs[job], expect))
    bases = {row["name"]: row for row in rows}
    for row in rows:
        baseline = bases[BASELINE_OF[row["kind"]]]
        is_baseline = row["name"] == BASELINE_OF[row["kind"]]
        row["ratio"] = (
            None if is_baseline or not baseline["rate"] else row["rate"] / baseline["rate"]
        )
        row["cpu_ratio"] = (
            None if is_baseline or not row["cpu_ms"] or baseline["cpu_ms"] is None
            else baseline["cpu_ms"] / row["cpu_ms"]
        )  # fmt: skip
    result = {"database": database_description(), "service": slug, "rows": rows}
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


def write_jobs(var_dir: Path, plan: Plan) -> dict[str, Path]:
    """The request files wrk reads: one ``token<TAB>path<TAB>body`` per line."""
    single, moving = plan.single_data(), plan.moving_data()

    def lines(name: str, rows: list[tuple[str, str, Any]]) -> Path:
        path = var_dir / f"{name}.jobs"
        text = [f"{t}\t{p}\t{json.dumps(b, default=str) if b else ''}" for t, p, b in rows]
        path.write_text("\n".join(text) + "\n")
        return path

    people = plan.citizens
    api = "/api/v1/applications"
    bare = [{"service": plan.slug, "data": single[c.iin]} for c in people]
    submissions = [
        (c.token, api, {"service": plan.slug, "data": single[c.iin], "submit": True})
        for c in people
    ]
    situations = [
        (c.token, api, {"life_situation": MOVING, "answers": MOVING_ANSWERS,
                        "data": moving[c.iin], "submit": True})
        for c in people
    ]  # fmt: skip
    return {
        "bare": lines("bare", [("", "/api/submissions", body) for body in bare]),
        "bare-get": lines("bare-get", [("", "/api/submissions/1", None)]),
        "single": lines("single", submissions),
        "moving": lines("moving", situations),
        "home": lines("home", [("", "/", None)]),
        "situations": lines("situations", [("", "/api/v1/life-situations", None)]),
    }


def load(
    args: argparse.Namespace, name: str, kind: str, base: str, root: int, jobs: Path, expect: int
) -> dict[str, Any]:
    """One row: wrk against ``base`` (served by the process tree of ``root``) with the requests
    of ``jobs``; with the CPU time the server (and on PostgreSQL its database backends) used per
    accepted request."""
    settle(base)
    database = _postgres_database()
    cpu_before = cpu_seconds(root, database=database)
    say(f"  measuring {name} ...")
    env = {**os.environ, "BENCH_JOBS": str(jobs), "BENCH_EXPECT": str(expect),
           "BENCH_RUN": f"{name.split(':')[0]}-{os.getpid()}-{jobs.stem}"}  # fmt: skip
    argv = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.seconds}s",
            "--timeout", "30s", "-s", str(WRK_SCRIPT), base]  # fmt: skip
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    figures = next((ln[6:] for ln in done.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if figures is None:
        raise SystemExit(f"wrk gave no figures:\n{done.stdout}\n{done.stderr}")
    row = json.loads(figures)
    settle(base)  # what wrk left in flight is served, and counted in the CPU time
    cpu = cpu_seconds(root, database=database) - cpu_before
    accepted = row["requests"] - row["unexpected"]
    row |= {"name": name, "kind": kind, "rate": accepted / row["seconds"],
            "cpu_ms": cpu * 1000 / accepted if accepted else None}  # fmt: skip
    say(f"    {row['rate']:.1f} req/s, p50 {ms(row['p50_ms'])} ms, {row['unexpected']} other")
    return row


def _postgres_database() -> str:
    """The name of the PostgreSQL database of ``DATABASE_URL`` (empty on SQLite)."""
    url = os.environ["DATABASE_URL"]
    return url.rsplit("/", 1)[1].split("?")[0] if url.startswith("postgres") else ""


def settle(base: str, *, limit: float = 180.0) -> None:
    """Wait until the server has finished what the previous row left queued (wrk stops, the
    requests it had in flight are still served): one request answered within a second."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{base}/favicon.ico", timeout=30)
            if time.monotonic() - started < 1.0:
                return
        time.sleep(0.5)


@contextlib.contextmanager
def bare_server(var_dir: Path, *, workers: int) -> Iterator[tuple[str, int]]:
    """The bare stack under gunicorn on a free port, its tables migrated into the database of
    ``DATABASE_URL`` (on SQLite, a file of its own beside qyzmet's): its base URL and gunicorn
    master's process id."""
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite"):
        url = f"sqlite:///{var_dir / 'bare.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bare.settings",
           "PYTHONPATH": str(BASELINE_DIR)}  # fmt: skip
    python = sys.executable
    subprocess.run([python, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=REPO_DIR)
    subprocess.run(
        [python, "-m", "django", "shell", "-c",
         "from bare.models import Submission; Submission.objects.create(service='s', data={})"],
        env=env, check=True, cwd=REPO_DIR,
    )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (var_dir / "bare.log").open("wb") as log:
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "bare.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--access-logfile", "-", "--no-control-socket"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_DIR, start_new_session=True,
        )  # fmt: skip
    try:
        for _ in range(240):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/api/submissions/1", timeout=2).status_code == 200:
                    break
            if server.poll() is not None:
                raise SystemExit(f"the bare stack stopped:\n{(var_dir / 'bare.log').read_text()}")
            time.sleep(0.25)
        yield base, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
