"""How fast the citizen portal renders its pages under concurrent load, through the real
server (``qyzmet serve --workers W``).

For each database (a throwaway SQLite file or PostgreSQL database with the catalogue,
synthetic registries and signed-in citizens) it measures, one row per page, C client
threads each sending GET requests until R requests are done or the time limit is reached:

    home                   /                                  anonymous
    life situation         /life-situations/moving/           anonymous
    service                /services/passport/                anonymous
    statistics             /statistics/                       anonymous
    draft: details step    /applications/<draft>/details/     signed in, citizens in turn
    application            /applications/<submitted>/         signed in, citizens in turn
    mixed (all six)        the six pages above, shuffled

Citizens are signed in by Django sessions written in the set-up (the demo identity
provider's one-time codes are for people). Each request asks for kk, ru or en in
``Accept-Language``; an answer other than 200, or in another language, is an error.

    .venv/bin/python bench/render_pages.py                       # SQLite
    .venv/bin/python bench/render_pages.py --database both --quick

Each database is measured in its own child process (Django reads ``DATABASE_URL`` once per
process); the tables go to stdout, progress to stderr. Every loop is bounded by a number of
requests and a time limit, and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from children import measure_in_child, ms, stop_on_sigterm
from common import (
    VENDORS,
    Load,
    Measurement,
    add_throwaway_arguments,
    database_description,
    machine_description,
    prepare_platform,
    say,
    setup_django,
)
from server import logged_exceptions, running_server

LANGUAGES = ("kk", "ru", "en")
CHANNEL = "portal"
MOVING = "moving"
MOVING_ANSWERS = {
    "has_preschool_children": False,
    "has_school_age_children": False,
    "change_polyclinic": False,
}
SUBMITTED_SERVICE = "criminal-record-certificate"  # decided automatically: rated and charted
SESSION_COOKIE = "sessionid"
MIXED = "mixed (all six)"
WARM_UP_PER_WORKER = 2  # requests per page, language and worker before the clock starts
REQUEST_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # with {draft} or {application} for a signed-in citizen's page
    signed_in: bool


PAGES = (
    Page("home", "/", signed_in=False),
    Page("life situation", f"/life-situations/{MOVING}/", signed_in=False),
    Page("service", "/services/passport/", signed_in=False),
    Page("statistics", "/statistics/", signed_in=False),
    Page("draft: details step", "/applications/{draft}/details/", signed_in=True),
    Page("application", "/applications/{application}/", signed_in=True),
)

FULL = {"people": 5000, "citizens": 50, "requests": 500, "time_limit": 60.0}
QUICK = {"people": 1000, "citizens": 20, "requests": 100, "time_limit": 15.0}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Render time (p50/p95/p99) and pages per second of the citizen portal."
    )
    parser.add_argument(
        "--database", choices=[*VENDORS, "both"], default="sqlite", help="Default sqlite."
    )
    parser.add_argument(
        "--quick", action="store_true", help="A small run (under a minute per database)."
    )
    parser.add_argument("--concurrency", type=int, default=16, help="Client threads (default 16).")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
    parser.add_argument("--requests", type=int, help="Requests per page (default 500).")
    parser.add_argument("--time-limit", type=float, help="Seconds per page at most (default 60).")
    parser.add_argument("--citizens", type=int, help="Signed-in citizens (default 50).")
    parser.add_argument("--people", type=int, help="People in the registries (default 5000).")
    add_throwaway_arguments(parser, database=None, postgres_url=True)
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    for name in ("concurrency", "workers", "requests", "citizens", "people"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    return args


# ---------------------------------------------------------------- parent: one child per database


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return measure_here(args)
    vendors = VENDORS if args.database == "both" else (args.database,)
    print("qyzmet portal render benchmark")
    for line in machine_description():
        print(line)
    print(
        f"run:     {args.concurrency} client threads, {args.requests} requests per page, at most "
        f"{args.time_limit:g} s per page; {args.workers} gunicorn workers; {args.citizens} "
        f"signed-in citizens, {args.people} people in the registries; "
        f"Accept-Language {', '.join(LANGUAGES)} in turn"
    )
    sys.stdout.flush()
    failed = False
    for vendor in vendors:
        result = measure_in_child(
            vendor,
            args,
            script=__file__,
            options=("concurrency", "workers", "requests", "citizens", "people"),
        )
        print()
        if result is None:
            print(f"== {vendor}: the measurement failed (see the messages above) ==")
            failed = True
        else:
            print_result(result)
            failed = failed or any(row["errors"] for row in result["rows"])
        sys.stdout.flush()
    return 1 if failed else 0  # 1 also when any request failed


def print_result(result: dict[str, Any]) -> None:
    print(f"== {result['database']} ==")
    setup = result["setup"]
    print(
        f"setup: migrate {setup['migrate']:.1f} s, catalogue {setup['catalogue']:.1f} s, "
        f"registries {setup['registries']:.1f} s, citizens {setup['citizens']:.1f} s, "
        f"drafts and applications {setup['portal data']:.1f} s"
    )
    print(f"data: {result['data']}")
    print(f"sessions: {result['sessions']}")
    print(f"before the run the machine was {result['busy_before']:.0f} % busy (other processes)")
    print()
    print(
        f"{'page':<22}{'pages/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'done':>7}{'secs':>7}{'cpu %':>7}{'KiB':>7}"
    )
    for row in result["rows"]:
        kib = row["kib"]
        print(
            f"{row['name']:<22}{row['rate']:>9.1f}{ms(row['p50_ms']):>9}{ms(row['p95_ms']):>9}"
            f"{ms(row['p99_ms']):>9}{row['errors']:>8}{row['done']:>7}{row['seconds']:>7.1f}"
            f"{row['cpu_percent']:>7.0f}{'-' if math.isnan(kib) else f'{kib:.1f}':>7}"
        )
    print()
    for row in result["rows"]:
        if row["note"]:
            print(f"  {row['name']}: {row['note']}")
        for kind, count in row["error_kinds"].items():
            print(f"  {row['name']}: {count} x {kind}")
    for line in result["notes"]:
        print(f"  {line}")


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
    started = time.perf_counter()
    say(f"  {args.citizens} drafts ({MOVING}) and submitted applications ({SUBMITTED_SERVICE})")
    portal = [prepare_citizen(c.user, number) for number, c in enumerate(citizens)]
    timings["portal data"] = time.perf_counter() - started
    description = database_description()
    data = data_description()
    _close_thread_connections()
    say(f"  {description}; {data}")

    with running_server(int(args.workers)) as base:
        plan = Plan(args=args, base=base, users=[c.user for c in citizens], pages=portal)
        rows, notes = measure_pages(plan)
    for line, count in logged_exceptions(Path(os.environ["QYZMET_VAR_DIR"])).most_common(5):
        notes.append(f"server log: {count} x {line}")
    result = {
        "database": description,
        "setup": timings,
        "data": data,
        "sessions": session_description(),
        "rows": rows,
        "notes": notes,
    }
    args.result_file.write_text(json.dumps(result, indent=2))
    return 0


def _close_thread_connections() -> None:
    from django.db import connection

    connection.close()


def prepare_citizen(user: Any, number: int) -> tuple[Any, Any]:
    """A draft of ``moving`` with its questions answered (so its details step renders) and a
    submitted, decided and rated application for one service. Their ids."""
    from qyzmet.applications.models import DECIDED_CASE_STATUSES
    from qyzmet.applications.services import save_draft, start_application, submit_application
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.quality.services import rate_case
    from qyzmet.registries.fields import find_person

    draft = start_application(citizen=user, channel=CHANNEL, life_situation=MOVING)
    save_draft(application=draft, citizen=user, channel=CHANNEL, answers=MOVING_ANSWERS)
    version = service_version(SUBMITTED_SERVICE)
    person = find_person(user.iin)
    if version is None or person is None:
        raise SystemExit(f"No {SUBMITTED_SERVICE} in the catalogue, or no person {user.iin}.")
    submitted = submit_application(
        citizen=user, channel=CHANNEL, service=SUBMITTED_SERVICE,
        data={SUBMITTED_SERVICE: sample_values(version, person)},
    )  # fmt: skip
    for case in submitted.cases.filter(status__in=DECIDED_CASE_STATUSES):
        rate_case(citizen=user, case=case, score=1 + number % 5, channel=CHANNEL)
    return draft.pk, submitted.pk


def sign_in(user: Any) -> str:
    """A database session of a signed-in citizen, as the portal's sign-in makes; its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


def data_description() -> str:
    """What the pages are rendered over: applications, cases by status, ratings."""
    from django.db.models import Count

    from qyzmet.applications.models import Application, Case
    from qyzmet.quality.models import Rating

    applications = Application.objects.values("status").annotate(n=Count("id")).order_by("status")
    cases = Case.objects.values("status").annotate(n=Count("id")).order_by("status")
    return (
        "applications: "
        + ", ".join(f"{row['n']} {row['status']}" for row in applications)
        + "; cases: "
        + (", ".join(f"{row['n']} {row['status']}" for row in cases) or "none")
        + f"; {Rating.objects.count()} ratings"
    )


def session_description() -> str:
    from django.conf import settings

    return (
        f"{settings.SESSION_ENGINE}, saved on every request: "
        f"{settings.SESSION_SAVE_EVERY_REQUEST} (so every signed-in page view writes a row)"
    )


# ---------------------------------------------------------------- HTTP


@dataclass
class Plan:
    args: argparse.Namespace
    base: str
    users: list[Any]
    pages: list[tuple[Any, Any]]  # per citizen: the draft's and the application's ids
    sessions: list[str] = field(default_factory=list)

    def sign_in(self) -> None:
        """New sessions for every citizen, so none nears its idle timeout while in use."""
        self.sessions = [sign_in(user) for user in self.users]
        _close_thread_connections()

    def jobs(self, page: Page, count: int, rng: random.Random) -> list[Job]:
        """``count`` requests of ``page``: citizens in turn, a random language each."""
        made = []
        for number in range(count):
            language = rng.choice(LANGUAGES)
            if not page.signed_in:
                made.append(Job(page.name, page.path, "", language))
                continue
            citizen = number % len(self.users)
            draft, application = self.pages[citizen]
            path = page.path.format(draft=draft, application=application)
            made.append(Job(page.name, path, self.sessions[citizen], language))
        return made

    def client(self, _number: int = 0) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=httpx.Timeout(REQUEST_TIMEOUT_SECONDS))


@dataclass(frozen=True)
class Job:
    page: str
    path: str
    session: str  # "" for an anonymous visitor
    language: str


class PageError(Exception):
    pass


def fetch(client: httpx.Client, job: Job) -> httpx.Response:
    """GET one page as its visitor; 200 in the language asked for, or ``PageError``."""
    headers = {"Accept-Language": job.language}
    if job.session:
        headers["Cookie"] = f"{SESSION_COOKIE}={job.session}"
    try:
        response = client.get(job.path, headers=headers)
    finally:
        client.cookies.clear()  # each request is its own visitor: nothing carried over
    if response.status_code != 200:
        where = response.headers.get("Location") or " ".join(response.text.split())[:80]
        raise PageError(f"{job.page}: HTTP {response.status_code} {where}".strip())
    answered = response.headers.get("Content-Language")
    if answered != job.language:
        raise PageError(f"{job.page}: Content-Language {answered} for {job.language}")
    return response


def probe(plan: Plan) -> tuple[dict[str, float], list[str]]:
    """Each page once per language, one after another: its mean size (KiB), what failed."""
    kib: dict[str, float] = {}
    problems = []
    with plan.client() as client:
        for page in PAGES:
            sizes = []
            for language in LANGUAGES:
                job = replace(plan.jobs(page, 1, random.Random(0))[0], language=language)
                try:
                    sizes.append(len(fetch(client, job).content))
                except (PageError, httpx.HTTPError) as error:
                    problems.append(f"probe: {type(error).__name__}: {error}")
            kib[page.name] = sum(sizes) / len(sizes) / 1024 if sizes else math.nan
    return kib, problems


def measure_pages(plan: Plan) -> tuple[list[dict[str, Any]], list[str]]:
    args = plan.args
    rng = random.Random(args.seed)
    plan.sign_in()
    kib, notes = probe(plan)
    sizes = ", ".join(f"{name} {size:.0f} KiB" for name, size in kib.items())
    say(f"    probe: {len(notes)} problems; {sizes}")

    warm_up = [
        job
        for page in PAGES
        for job in plan.jobs(page, len(LANGUAGES) * WARM_UP_PER_WORKER * int(args.workers), rng)
    ]
    rng.shuffle(warm_up)
    warmed = _load(plan, "warm-up", warm_up).summary()
    say(f"    warm-up: {warmed['done']} requests, {warmed['errors']} errors")
    if warmed["errors"]:
        notes.append(f"warm-up: {warmed['errors']} errors of {len(warm_up)} requests")

    rows = []
    for page in PAGES:
        if page.signed_in:
            plan.sign_in()
        jobs = plan.jobs(page, int(args.requests), rng)
        rows.append(_row(plan, page.name, jobs, kib[page.name]))
    plan.sign_in()
    mixed = [job for page in PAGES for job in plan.jobs(page, int(args.requests), rng)]
    rng.shuffle(mixed)
    mixed = mixed[: int(args.requests)]
    mean_kib = sum(kib[job.page] for job in mixed) / len(mixed)
    rows.append(_row(plan, MIXED, mixed, mean_kib))
    return rows, notes


def _load(plan: Plan, name: str, jobs: list[Job]) -> Measurement:
    return Load(
        name=name,
        jobs=jobs,
        work=fetch,
        open_worker=plan.client,
        close_worker=lambda client: client.close(),
        threads=int(plan.args.concurrency),
        time_limit=float(plan.args.time_limit),
    ).run()


def _row(plan: Plan, name: str, jobs: list[Job], kib: float) -> dict[str, Any]:
    say(f"  measuring {name} ...")
    measurement = _load(plan, name, jobs)
    if name == MIXED:
        measurement.note = "pages: " + ", ".join(
            f"{count} {page}" for page, count in Counter(job.page for job in jobs).items()
        )
    summary = {**measurement.summary(), "kib": kib}
    say(
        f"    {summary['rate']:.1f} pages/s, p50 {ms(summary['p50_ms'])} ms, "
        f"p95 {ms(summary['p95_ms'])} ms, {summary['errors']} errors"
    )
    return summary


if __name__ == "__main__":
    sys.exit(main())
