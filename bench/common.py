"""What the benchmarks share: throwaway databases, a prepared platform (catalogue, synthetic
registries, citizens with API tokens), a closed-loop load runner, percentiles and a
description of the machine.

Functions above the ``Django side`` line never import Django, so a parent process can make
databases and start one child process per database (Django is configured once per process,
from ``DATABASE_URL``). Everything below it runs in a process where ``setup_django()`` ran.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parent.parent
BENCH_VAR_DIR = REPO_DIR / "var" / "bench"
BIN_DIR = Path(sys.executable).parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
VENDORS = ("sqlite", "postgres")

S = TypeVar("S")  # a worker's own state: a DB connection, an HTTP client
J = TypeVar("J")  # one job: the arguments of one operation


# ---------------------------------------------------------------- throwaway databases


@dataclass(frozen=True)
class Database:
    """A throwaway database and the folder for its local state (secret key, static, logs)."""

    vendor: str
    url: str
    var_dir: Path

    def environ(self) -> dict[str, str]:
        """The environment of a process that should use this database."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qyzmet.settings",
            "DATABASE_URL": self.url,
            "QYZMET_VAR_DIR": str(self.var_dir),
            "QYZMET_CATALOG_DIR": str(REPO_DIR / "catalog"),
            "QYZMET_DEBUG": "false",
            "QYZMET_LOG_LEVEL": "WARNING",
            # A throwaway platform on loopback, signed into as the demo is (development
            # tokens, the sandbox): a demo, never a deployment.
            "QYZMET_DEMO": "true",
        }


def in_one_process() -> None:
    """The settings of a benchmark that runs qyzmet in its own process (no server): the demo
    platform with the repository's catalogue, quiet logs; each unless the environment says."""
    os.environ.setdefault("QYZMET_DEMO", "true")
    os.environ.setdefault("QYZMET_DEBUG", "false")
    os.environ.setdefault("QYZMET_LOG_LEVEL", "WARNING")
    os.environ.setdefault("QYZMET_CATALOG_DIR", str(REPO_DIR / "catalog"))


def add_throwaway_arguments(
    parser: argparse.ArgumentParser, *, database: str | None = "both", postgres_url: bool = False
) -> None:
    """The arguments of a benchmark that prepares throwaway databases: which database
    (``database``: the default, None for none), the registries' seed, the PostgreSQL server
    (``postgres_url``), keeping the databases, and the hidden ones of ``children.py``."""
    if database is not None:
        parser.add_argument("--database", choices=[*VENDORS, "both"], default=database)
    parser.add_argument("--seed", type=int, default=2026, help="Seed of the registries.")
    if postgres_url:
        parser.add_argument(
            "--postgres-url",
            default=DEFAULT_POSTGRES,
            help="A local PostgreSQL server (a throwaway database is created on it and dropped).",
        )
    parser.add_argument("--keep", action="store_true", help="Keep the databases afterwards.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)


SERVING_OPTIONS = ("workers", "people", "citizens", "with_worker")


def add_serving_arguments(parser: argparse.ArgumentParser, *, people: int = 2000) -> None:
    """The arguments of a benchmark that loads ``qyzmet serve`` (``server.running_server``): its
    gunicorn workers, the registries' people, the citizens with tokens, whether the background
    worker runs beside it, and the hidden time limit of ``children.py``; passed on to the child
    as ``SERVING_OPTIONS``."""
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument(
        "--people", type=int, default=people, help=f"People in the registries ({people})."
    )
    parser.add_argument("--citizens", type=int, default=200, help="Citizens with tokens (200).")
    parser.add_argument(
        "--with-worker", action="store_true",
        help="Run qyzmet's background worker beside gunicorn, on the same cores.",
    )  # fmt: skip
    parser.add_argument("--time-limit", type=float, default=0, help=argparse.SUPPRESS)


def local_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"Benchmarks only run against this machine, not {host!r}.")
    return url


def _with_database_name(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


@contextlib.contextmanager
def throwaway_database(
    vendor: str, *, postgres_url: str = DEFAULT_POSTGRES, keep: bool = False
) -> Iterator[Database]:
    """A new, empty database: an SQLite file under ``var/bench/`` or a fresh PostgreSQL
    database on the local server. Removed afterwards unless ``keep``."""
    run = f"{datetime.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{vendor}"
    var_dir = BENCH_VAR_DIR / run
    var_dir.mkdir(parents=True, exist_ok=True)
    name = "qyzmet_bench_" + run.replace("-", "_")
    if vendor == "sqlite":
        database = Database(vendor, f"sqlite:///{var_dir / 'bench.sqlite3'}", var_dir)
    elif vendor == "postgres":
        server = local_only(postgres_url)
        _postgres_admin(server, f'CREATE DATABASE "{name}"')
        database = Database(vendor, _with_database_name(server, name), var_dir)
    else:
        raise ValueError(vendor)
    try:
        yield database
    finally:
        if not keep:
            if vendor == "postgres":
                _postgres_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(var_dir, ignore_errors=True)


def _postgres_admin(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


# ---------------------------------------------------------------- measuring


def percentiles(samples: Sequence[float], points: Sequence[int] = (50, 95, 99)) -> list[float]:
    """The given percentiles of ``samples`` (inclusive method); NaN when there are none."""
    if not samples:
        return [math.nan for _ in points]
    if len(samples) == 1:
        return [samples[0] for _ in points]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return [cuts[p - 1] for p in points]


@dataclass
class Measurement:
    """Operations done, their latencies (seconds) and the errors, over a wall-clock time."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    cpu_percent: float = math.nan  # of the whole machine while the load ran
    note: str = ""

    @property
    def done(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else math.nan

    def summary(self) -> dict[str, Any]:
        p50, p95, p99 = percentiles(self.latencies)
        return {
            "name": self.name,
            "done": self.done,
            "seconds": self.seconds,
            "rate": self.rate,
            "p50_ms": p50 * 1000,
            "p95_ms": p95 * 1000,
            "p99_ms": p99 * 1000,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors.most_common(10)),
            "cpu_percent": self.cpu_percent,
            "note": self.note,
        }


@dataclass
class Load(Generic[S, J]):
    """A closed loop: ``threads`` workers take the next job until the jobs or the time run
    out. Each worker opens its own state (``open_worker``) and closes it (``close_worker``);
    the clock starts when every worker is ready."""

    name: str
    jobs: Sequence[J]
    work: Callable[[S, J], None]
    open_worker: Callable[[int], S]
    close_worker: Callable[[S], None]
    threads: int
    time_limit: float

    def run(self) -> Measurement:
        measurement = Measurement(self.name)
        lock = threading.Lock()
        next_job = iter(range(len(self.jobs)))
        ready = threading.Barrier(self.threads + 1)
        deadline = [math.inf]

        def take() -> int | None:
            with lock:
                return next(next_job, None)

        def worker(number: int) -> None:
            state: Any = None
            latencies: list[float] = []
            errors: Counter[str] = Counter()
            try:
                state = self.open_worker(number)
            except Exception as error:  # the worker does no work, but the run goes on
                errors[f"open: {describe(error)}"] += 1
            ready.wait()
            try:
                while state is not None and time.perf_counter() < deadline[0]:
                    index = take()
                    if index is None:
                        break
                    started = time.perf_counter()
                    try:
                        self.work(state, self.jobs[index])
                    except Exception as error:
                        errors[describe(error)] += 1
                    else:
                        latencies.append(time.perf_counter() - started)
            finally:
                if state is not None:
                    self.close_worker(state)
                with lock:
                    measurement.latencies.extend(latencies)
                    measurement.errors.update(errors)

        workers = [threading.Thread(target=worker, args=(n,)) for n in range(self.threads)]
        for thread in workers:
            thread.start()
        ready.wait()
        started, ticks = time.perf_counter(), cpu_ticks()
        deadline[0] = started + self.time_limit
        for thread in workers:
            thread.join()
        measurement.seconds = time.perf_counter() - started
        measurement.cpu_percent = cpu_busy_percent(ticks, cpu_ticks())
        return measurement


def cpu_ticks() -> tuple[int, int]:
    """Busy and total CPU time of the whole machine so far, in clock ticks (/proc/stat)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is counted in user already
    return total - idle, total


def cpu_busy_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    """Share of all CPUs busy between two ``cpu_ticks()`` (100 = every core busy)."""
    total = after[1] - before[1]
    return 100 * (after[0] - before[0]) / total if total > 0 else math.nan


def describe(error: BaseException) -> str:
    problems = getattr(error, "problems", None)
    text = " ".join(f"{error} {problems or ''}".split())
    return f"{type(error).__name__}: {text[:160]}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------- the machine


def _cpuinfo() -> dict[str, str]:
    info: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
    return info


def _memory_gib() -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return math.nan


def _filesystem(path: Path) -> str:
    """The type of the file system holding ``path`` (where SQLite files live)."""
    best, kind = "", "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/mounts").read_text().splitlines():
            _device, mount, fstype, *_ = line.split()
            if str(path).startswith(mount) and len(mount) > len(best):
                best, kind = mount, fstype
    return kind


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(REPO_DIR), "status", "--porcelain"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "?"
    return head + (" (with uncommitted changes)" if dirty else "")


def machine_description() -> list[str]:
    """Lines that say on what the numbers were measured."""
    cpu = _cpuinfo()
    model = cpu.get("model name", platform.processor() or "?")
    physical = cpu.get("cpu cores", "?")
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    return [
        f"date:    {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}",
        f"machine: {model}, {os.cpu_count()} logical CPUs ({physical} cores per socket), "
        f"{_memory_gib():.1f} GiB RAM, {platform.system()} {platform.release()}",
        f"python:  {platform.python_implementation()} {platform.python_version()}; "
        f"var/bench on {_filesystem(BENCH_VAR_DIR)}; qyzmet {_git_revision()}",
    ]


# ---------------------------------------------------------------- Django side


Progress = Callable[[str, int, int], None]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qyzmet.settings")
    import django

    django.setup()


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def database_description() -> str:
    """The database vendor, version and the settings that decide what a commit costs."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
            mode = connection.transaction_mode  # type: ignore[attr-defined]
            return (
                f"SQLite {sqlite3.sqlite_version} (journal_mode={journal}, "
                f"synchronous={synchronous}, BEGIN {mode})"
            )
        shown = {}
        for name in ("server_version", "synchronous_commit", "fsync", "wal_sync_method"):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
        version = shown.pop("server_version")
        settings = ", ".join(f"{k}={v}" for k, v in shown.items())
        return f"PostgreSQL {version} ({settings})"


@dataclass(frozen=True)
class Citizen:
    user: Any
    iin: str
    token: str


def prepare_platform(
    *, people: int, seed: int, citizens: int, progress: Progress | None = None
) -> tuple[list[Citizen], dict[str, float]]:
    """Migrate, load the catalogue, generate the registries and create ``citizens`` citizens
    with API tokens. Returns the citizens and how long each step took (seconds)."""
    import io

    from django.core.management import call_command

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    out = io.StringIO()
    call_command("catalog", "load", stdout=out, stderr=io.StringIO())
    timings["catalogue"] = time.perf_counter() - started
    say("  " + out.getvalue().strip()[:100] + "...")

    from qyzmet.registries.generator import generate_registries

    started = time.perf_counter()
    generate_registries(people=people, seed=seed, progress=progress)
    timings["registries"] = time.perf_counter() - started

    started = time.perf_counter()
    made = create_citizens(count=citizens)
    timings["citizens"] = time.perf_counter() - started
    return made, timings


def citizen_people(count: int) -> list[Any]:
    """``count`` living adults (18 to 60) with a registered address, spread over the registry."""
    from django.utils import timezone

    from qyzmet.registries.fields import age_on
    from qyzmet.registries.models import Person

    today = timezone.localdate()
    candidates = [
        person
        for person in Person.objects.filter(death_date__isnull=True, building__isnull=False)
        .exclude(iin="")
        .order_by("id")
        .iterator()
        if 18 <= age_on(person, today) <= 60
    ]
    if len(candidates) < count:
        raise SystemExit(f"Only {len(candidates)} adults in the registries; asked for {count}.")
    step = len(candidates) / count
    return [candidates[int(i * step)] for i in range(count)]


def create_citizens(*, count: int) -> list[Citizen]:
    """Users for ``count`` registry people (user name = IIN), each with an API token."""
    from django.contrib.auth import get_user_model

    from qyzmet.accounts.services import create_api_token

    users = get_user_model().objects
    made = []
    for person in citizen_people(count):
        user, _ = users.get_or_create(username=person.iin, defaults={"iin": person.iin})
        token = create_api_token(user=user, label="bench", channel="bench")
        made.append(Citizen(user=user, iin=person.iin, token=token))
    return made
