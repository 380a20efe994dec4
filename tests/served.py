"""The demo as a newcomer gets it: `qyzmet demo --no-serve` on a fresh SQLite file (or the
empty database a test names), then `qyzmet serve` (gunicorn and a background worker) in its own
process group, stopped at the end as Ctrl-C stops it; and, where asked, each agency's
registries served by a process of their own."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def run_sql(database_url: str, statement: str, *params: object) -> list[tuple]:
    """The rows of ``statement`` (its parameters written ``%s``) run and committed on the
    database of ``database_url``, SQLite or PostgreSQL; times without a zone are UTC, as the
    platform stores them."""
    if database_url.startswith("sqlite:///"):
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30)
        with contextlib.closing(db), db:  # committed, then closed
            return db.execute(statement.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(database_url, autocommit=True, options="-c TimeZone=UTC") as db:
        cursor = db.execute(statement, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


@contextmanager
def database_like_the_suite() -> Iterator[str | None]:
    """Where a demo served in a test keeps its data, on the database this run of the suite
    uses: ``None`` (an SQLite file of its own) on SQLite; on PostgreSQL, the URL of a fresh
    database of its own on the same server, dropped at the end whatever happened."""
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        yield None
        return
    from tests.faults.databases import fresh_database, url_of

    with fresh_database("qyzmet_served") as name:
        yield url_of(name)


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    printed: str  # what `qyzmet demo` printed: URL, logins, tokens
    database: Path  # the demo's SQLite file (none where it runs on another database)
    env: dict[str, str]  # the environment `qyzmet` commands need to work on this demo

    def sql(self, statement: str, *params: object) -> list[tuple]:
        """The rows of ``statement`` (parameters ``%s``) run on the demo's own database."""
        return run_sql(self.env["DATABASE_URL"], statement, *params)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("w") as output:
        return subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)


def _registry_holders(database_url: str) -> dict[str, list[str]]:
    """Each agency that holds registries, with them (``catalog/agencies.yaml``, loaded)."""
    rows = run_sql(database_url, "SELECT slug, registries FROM catalog_agency")
    holders = {slug: json.loads(held) if isinstance(held, str) else held for slug, held in rows}
    return {slug: held for slug, held in holders.items() if held}


def _stop(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # a test may have ended it already
        os.killpg(process.pid, sig)
    process.wait(timeout=60)


@contextmanager
def served_demo(
    folder: Path,
    *,
    people: int,
    registries_apart: bool = False,
    port: int | None = None,
    settings: dict[str, str] | None = None,
    database_url: str | None = None,
    worker: bool = True,
    prepared: bool = False,
) -> Iterator[Served]:
    """The demo served (on ``port``, with the ``QYZMET_`` ``settings`` given); with
    ``registries_apart``, each agency's registries are served by a process of their own
    (`qyzmet registry serve --agency X`) and the platform reads them over HTTP through the
    exchange, as agencies running their own servers would. On an SQLite file of its own
    unless ``database_url`` names another (an empty PostgreSQL database, or one ``prepared``
    already with its ``var`` folder in ``folder``); without ``worker``, no background worker
    runs beside gunicorn."""
    port = port or free_port()
    database = folder / "qyzmet.sqlite3"
    env = {
        **os.environ,
        **(settings or {}),
        "DATABASE_URL": database_url or f"sqlite:///{database}",
        "QYZMET_VAR_DIR": str(folder / "var"),
        "QYZMET_PUBLIC_URL": f"http://127.0.0.1:{port}",  # links, QR codes, payment returns
    }
    cli = [sys.executable, "-m", "qyzmet.cli"]
    made = subprocess.run(
        [*cli, "demo", "--no-serve", "--people", str(people), "--port", str(port)],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    ) if not prepared else subprocess.CompletedProcess([], 0, "", "")  # fmt: skip
    assert made.returncode == 0, made.stderr
    processes: list[subprocess.Popen[bytes]] = []
    try:
        if registries_apart:
            providers = []
            for agency, held in _registry_holders(env["DATABASE_URL"]).items():
                served_at = free_port()
                processes.append(start_process(
                    [*cli, "registry", "serve", "--agency", agency, "--port", str(served_at),
                     "--workers", "1"], env, folder / f"registry-{agency}.log",
                ))  # fmt: skip
                registry_url = f"http://127.0.0.1:{served_at}"
                wait_for(f"{registry_url}/exchange/v1/")
                providers += [f"{registry}={registry_url}" for registry in held]
            env = {**env, "QYZMET_EXCHANGE_PROVIDERS": ",".join(providers)}
        serve = [*cli, "serve", "--port", str(port), "--workers", "2"]
        server = start_process(
            [*serve, *([] if worker else ["--no-worker"])], env, folder / "serve.log"
        )
        processes.append(server)
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/api/v1/services")
        yield Served(url=url, port=port, printed=made.stdout, database=database, env=env)
    finally:
        for process in reversed(processes):  # the platform first, as Ctrl-C stops it
            _stop(process, signal.SIGINT if process is processes[-1] else signal.SIGTERM)
