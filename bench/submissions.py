"""How many applications per second qyzmet takes, and how that compares with what the
database itself can commit.

For each database (a throwaway SQLite file or PostgreSQL database, prepared with the
catalogue, synthetic registries and many citizens) it measures, in one run:

    raw commit (ceiling)     INSERT one row + COMMIT, C threads each with its own connection,
                             through the driver and connection settings Django uses
    domain: single service   submit_application() for one service, C threads
    domain: moving           submit_application() for the ``moving`` life situation
    HTTP: single service     POST /api/v1/applications against ``qyzmet serve --workers W``,
                             C client threads
    HTTP partner             the same through a partner's OAuth2 grant tokens (consenting
                             citizens, Idempotency-Key, scopes, the partner's rate limit)

    .venv/bin/python bench/submissions.py                      # both databases
    .venv/bin/python bench/submissions.py --database sqlite --quick

Each database is measured in its own child process (Django reads ``DATABASE_URL`` once per
process); the tables go to stdout, progress to stderr. Every loop is bounded by a number of
operations and a time limit, and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from children import measure_in_child, ms, stop_on_sigterm
from common import (
    VENDORS,
    Citizen,
    Load,
    Measurement,
    add_throwaway_arguments,
    database_description,
    machine_description,
    prepare_platform,
    say,
    setup_django,
)
from partner_load import http_partner
from server import logged_exceptions, running_server

SINGLE_SERVICES = ("criminal-record-certificate", "address-certificate")
MOVING = "moving"
MOVING_ANSWERS = {
    "has_preschool_children": False,
    "has_school_age_children": False,
    "change_polyclinic": True,
}
CHANNEL = "bench"

FULL = {"people": 5000, "citizens": 200, "submissions": 1000, "raw_commits": 20000,
        "time_limit": 60.0, "concurrency": 16}  # fmt: skip
QUICK = {"people": 1000, "citizens": 50, "submissions": 100, "raw_commits": 2000,
         "time_limit": 15.0, "concurrency": 8}  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Submissions per second and latency: raw commits, domain function, HTTP API."
    )
    parser.add_argument("--quick", action="store_true", help="A small run (about a minute).")
    parser.add_argument("--concurrency", type=int, help="Threads per row (default 16).")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
    parser.add_argument("--people", type=int, help="People in the registries (default 5000).")
    parser.add_argument("--citizens", type=int, help="Distinct citizens (default 200).")
    parser.add_argument("--submissions", type=int, help="Submissions per row (default 1000).")
    parser.add_argument("--raw-commits", type=int, help="Commits of the ceiling (default 20000).")
    parser.add_argument("--time-limit", type=float, help="Seconds per row at most (default 60).")
    add_throwaway_arguments(parser, postgres_url=True)
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


# ---------------------------------------------------------------- parent: one child per database


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    vendors = VENDORS if args.database == "both" else (args.database,)
    print("qyzmet submission benchmark")
    for line in machine_description():
        print(line)
    print(
        f"run:     {args.concurrency} threads per row, {args.submissions} submissions per row "
        f"({args.raw_commits} raw commits), at most {args.time_limit:g} s per row; "
        f"{args.citizens} citizens, {args.people} people in the registries; "
        f"HTTP: {args.workers} gunicorn workers"
    )
    sys.stdout.flush()
    failed = False
    for vendor in vendors:
        result = measure_in_child(
            vendor,
            args,
            script=__file__,
            options=("concurrency", "workers", "people", "citizens", "submissions", "raw_commits"),
        )
        print()
        if result is None:
            print(f"== {vendor}: the measurement failed (see the messages above) ==")
            failed = True
        else:
            print_result(result)
            failed = failed or any(row["errors"] for row in result["rows"])
        sys.stdout.flush()
    return 1 if failed else 0  # 1 also when any operation failed


def print_result(result: dict[str, Any]) -> None:
    print(f"== {result['database']} ==")
    setup = result["setup"]
    print(
        f"setup: migrate {setup['migrate']:.1f} s, catalogue {setup['catalogue']:.1f} s, "
        f"registries {setup['registries']:.1f} s, citizens and tokens {setup['citizens']:.1f} s"
    )
    print(f"single service: {result['service']}; moving answers: {result['moving_answers']}")
    print(f"before the run the machine was {result['busy_before']:.0f} % busy (other processes)")
    print()
    print(
        f"{'':<24}{'ops/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'done':>8}{'secs':>7}{'cpu %':>7}"
    )
    for row in result["rows"]:
        print(
            f"{row['name']:<24}{row['rate']:>9.1f}{ms(row['p50_ms']):>9}{ms(row['p95_ms']):>9}"
            f"{ms(row['p99_ms']):>9}{row['errors']:>8}{row['done']:>8}{row['seconds']:>7.1f}"
            f"{row['cpu_percent']:>7.0f}"
        )
    print()
    for row in result["rows"]:
        if row["note"]:
            print(f"  {row['name']}: {row['note']}")
        for kind, count in row["error_kinds"].items():
            print(f"  {row['name']}: {count} x {kind}")


# ---------------------------------------------------------------- child: one database


def measure_here(args: argparse.Namespace) -> int:
    """Runs in the child, with ``DATABASE_URL`` set: prepare, measure, write the result."""
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    setup_django()
    from qyzmet.core.progress import Progress

    say(f"  preparing: {args.people} people, {args.citizens} citizens")
    citizens, timings = prepare_platform(
        people=args.people, seed=args.seed, citizens=args.citizens, progress=Progress(sys.stderr)
    )
    description = database_description()
    slug = single_service()
    say(f"  {description}; single service: {slug}")
    plan = Plan(args=args, citizens=citizens, slug=slug)

    rows = []
    for name, measure in (
        ("raw commit (ceiling)", raw_commits),
        ("domain: single service", domain_single),
        ("domain: moving", domain_moving),
        ("HTTP: single service", http_single),
        ("HTTP partner", http_partner_row),
    ):
        say(f"  measuring {name} ...")
        measurement = measure(plan)
        measurement.name = name
        summary = measurement.summary()
        say(
            f"    {summary['rate']:.1f} ops/s, p50 {ms(summary['p50_ms'])} ms, "
            f"{summary['errors']} errors"
        )
        rows.append(summary)
    result = {
        "database": description,
        "setup": timings,
        "service": slug,
        "moving_answers": MOVING_ANSWERS,
        "rows": rows,
    }
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


def single_service() -> str:
    from qyzmet.catalog.selectors import service_version

    for slug in SINGLE_SERVICES:
        if service_version(slug) is not None:
            return slug
    raise SystemExit(f"None of {', '.join(SINGLE_SERVICES)} is in the catalogue.")


@dataclass
class Plan:
    args: argparse.Namespace
    citizens: list[Citizen]
    slug: str

    @property
    def threads(self) -> int:
        return int(self.args.concurrency)

    def single_data(self) -> dict[str, dict[str, Any]]:
        """Form values for the single service, per citizen (IIN)."""
        return {c.iin: self._values(c.iin, [self.slug]) for c in self.citizens}

    def moving_data(self) -> dict[str, dict[str, Any]]:
        from qyzmet.applications.validation import services_that_apply
        from qyzmet.catalog.selectors import life_situation_version

        situation = life_situation_version(MOVING)
        if situation is None:
            raise SystemExit("The life situation 'moving' is not in the catalogue.")
        slugs = services_that_apply(situation.definition, MOVING_ANSWERS)
        return {c.iin: self._values(c.iin, slugs) for c in self.citizens}

    def _values(self, iin: str, slugs: list[str]) -> dict[str, Any]:
        from qyzmet.catalog.selectors import service_version
        from qyzmet.demo.sample_forms import sample_values
        from qyzmet.registries.fields import find_person

        person = find_person(iin)
        data = {}
        for slug in slugs:
            version = service_version(slug)
            assert version is not None and person is not None, (slug, iin)
            data[slug] = sample_values(version, person)
        return data

    def rounds(self, prefix: str) -> Iterator[tuple[Citizen, str]]:
        """``submissions`` (citizen, idempotency key) pairs, citizens taken in turn."""
        run = uuid.uuid4().hex[:8]
        for number in range(int(self.args.submissions)):
            yield self.citizens[number % len(self.citizens)], f"{prefix}-{run}-{number}"


def _close_thread_connections(_state: Any = None) -> None:
    from django.db import close_old_connections, connection

    close_old_connections()
    connection.close()


def raw_commits(plan: Plan) -> Measurement:
    """The ceiling: one-row transactions on the driver connection Django opened, with its
    settings (SQLite: WAL, synchronous=NORMAL, BEGIN IMMEDIATE, busy timeout)."""
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    key = "INTEGER PRIMARY KEY AUTOINCREMENT"
    if not sqlite:
        key = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_commit")
        cursor.execute(
            f"CREATE TABLE bench_commit (id {key}, worker INTEGER NOT NULL, "
            "n INTEGER NOT NULL, payload TEXT NOT NULL)"
        )
    mode = getattr(connection, "transaction_mode", None) if sqlite else None
    begin = f"BEGIN {mode}" if mode else "BEGIN"
    mark = "?" if sqlite else "%s"
    insert = f"INSERT INTO bench_commit (worker, n, payload) VALUES ({mark}, {mark}, {mark})"
    payload = "x" * 200
    connection.close()

    def open_worker(number: int) -> tuple[int, Any]:
        connection.ensure_connection()  # this thread's own connection
        return number, connection.connection

    def work(state: tuple[int, Any], n: int) -> None:
        number, raw = state
        raw.execute(begin)
        try:
            raw.execute(insert, (number, n, payload))
            raw.execute("COMMIT")
        except Exception:
            with contextlib.suppress(Exception):
                raw.execute("ROLLBACK")
            raise

    load = Load(
        name="raw",
        jobs=range(int(plan.args.raw_commits)),
        work=work,
        open_worker=open_worker,
        close_worker=_close_thread_connections,
        threads=plan.threads,
        time_limit=float(plan.args.time_limit),
    )
    measurement = load.run()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bench_commit")
        rows = cursor.fetchone()[0]
    connection.close()
    measurement.note = f"{rows} rows committed; the table is '{begin}; INSERT; COMMIT' only"
    return measurement


def _domain_load(plan: Plan, *, prefix: str, request: dict[str, Any], data: dict) -> Measurement:
    from qyzmet.applications.services import submit_application

    jobs = list(plan.rounds(prefix))

    def work(_state: int, job: tuple[Citizen, str]) -> None:
        citizen, key = job
        submit_application(
            citizen=citizen.user, channel=CHANNEL, data=data[citizen.iin], idempotency_key=key,
            **request,
        )  # fmt: skip

    load = Load(
        name=prefix,
        jobs=jobs,
        work=work,
        open_worker=lambda number: number,
        close_worker=_close_thread_connections,
        threads=plan.threads,
        time_limit=float(plan.args.time_limit),
    )
    measurement = load.run()
    measurement.note = outcome(prefix)
    return measurement


def outcome(prefix: str) -> str:
    """What the submissions made: applications and their cases by status."""
    from django.db import connection
    from django.db.models import Count

    from qyzmet.applications.models import Application, Case

    applications = Application.objects.filter(idempotency_key__startswith=f"{prefix}-")
    cases = (
        Case.objects.filter(application__in=applications)
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    )
    statuses = ", ".join(f"{row['n']} {row['status']}" for row in cases)
    text = f"{applications.count()} applications stored; cases: {statuses or 'none'}"
    connection.close()
    return text


def domain_single(plan: Plan) -> Measurement:
    data = plan.single_data()
    return _domain_load(plan, prefix="domain-single", request={"service": plan.slug}, data=data)


def domain_moving(plan: Plan) -> Measurement:
    data = plan.moving_data()
    request = {"life_situation": MOVING, "answers": MOVING_ANSWERS}
    return _domain_load(plan, prefix="domain-moving", request=request, data=data)


# ---------------------------------------------------------------- HTTP


class HttpStatusError(Exception):
    pass


def _post(client: httpx.Client, job: tuple[str, str, dict[str, Any]], csrf: str) -> None:
    token, key, body = job
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    if csrf:  # the double-submit cookie a browser would send; see ``http_single``
        headers |= {"X-CSRFToken": csrf, "Cookie": f"csrftoken={csrf}"}
    response = client.post("/api/v1/applications", json=body, headers=headers)
    if response.status_code != 201:
        raise HttpStatusError(f"HTTP {response.status_code} {_problem(response)}")


def _problem(response: httpx.Response) -> str:
    """The problem code (and field errors) of an error response, or the start of its body."""
    try:
        body = response.json()
        return f"{body['code']} {body.get('errors', '')}".strip()[:200]
    except (ValueError, KeyError, TypeError):
        return " ".join(response.text.split())[:200]


def _probe(base: str, job: tuple[str, str, dict[str, Any]]) -> tuple[str, str]:
    """Send one submission with the bearer token only; if it is refused with 403, once more
    with a CSRF cookie and header. The CSRF secret to use (or ``""``) and what happened."""
    with httpx.Client(base_url=base, timeout=httpx.Timeout(90.0)) as client:
        try:
            _post(client, job, csrf="")
            return "", "a bearer-only POST was accepted (201)"
        except HttpStatusError as refused:
            if not str(refused).startswith("HTTP 403"):
                return "", f"the first POST failed: {str(refused)[:100]}"
        csrf = secrets.token_hex(16)
        note = (
            "a bearer-only POST was REFUSED with 403; measured WITH a CSRF cookie and "
            "X-CSRFToken header added to every request"
        )
        try:
            _post(client, job, csrf=csrf)
        except HttpStatusError as failed:
            note += f"; with them the first POST failed too: {str(failed)[:100]}"
        return csrf, note


def http_single(plan: Plan) -> Measurement:
    """POST /api/v1/applications with ``submit: true``, as a partner's client would.

    The first request is a probe with nothing but the bearer token. If the API refuses it
    (the session authentication's CSRF check rejects a POST before the token is looked at),
    the load is measured with a CSRF cookie and header added, and the note says so."""
    data = plan.single_data()
    jobs = [
        (citizen.token, key, {"service": plan.slug, "data": data[citizen.iin], "submit": True})
        for citizen, key in plan.rounds("http-single")
    ]
    _close_thread_connections()

    with running_server(int(plan.args.workers)) as base:
        csrf, probe = _probe(base, jobs[0])
        say(f"    probe: {probe}")

        load = Load(
            name="http",
            jobs=jobs[1:],
            work=lambda client, job: _post(client, job, csrf),
            open_worker=lambda _number: httpx.Client(base_url=base, timeout=httpx.Timeout(90.0)),
            close_worker=lambda client: client.close(),
            threads=plan.threads,
            time_limit=float(plan.args.time_limit),
        )
        measurement = load.run()
    measurement.note = f"{outcome('http-single')}; probe: {probe}"
    for line, count in logged_exceptions(Path(os.environ["QYZMET_VAR_DIR"])).most_common(5):
        measurement.note += f"\n    server log: {count} x {line}"
    return measurement


def http_partner_row(plan: Plan) -> Measurement:
    return http_partner(plan, post=_post, outcome=outcome, close=_close_thread_connections)


if __name__ == "__main__":
    sys.exit(main())
