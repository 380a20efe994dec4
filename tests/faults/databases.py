"""Throwaway databases holding a prepared demo, for the fault-injection tests.

Preparing the demo (migrations, catalogue, registries) takes minutes on PostgreSQL; it is done
once per version of what it depends on, into a *template* (a PostgreSQL template database, or
an SQLite file) kept with its ``var`` folder (data keys, secret key) and its citizens under
``var/faults/``, and every test gets a copy of it (``CREATE DATABASE ... TEMPLATE`` or a file
copy: seconds)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg


def _server() -> str:
    """``QYZMET_FAULTS_POSTGRES``; else the server of the suite's PostgreSQL ``DATABASE_URL``
    (``make test-postgres``); else the local one."""
    suite = os.environ.get("DATABASE_URL", "")
    if urlsplit(suite).scheme in ("postgres", "postgresql"):
        return urlsplit(suite)._replace(path="/postgres").geturl()
    return "postgres://postgres@127.0.0.1:5432/postgres"


SERVER = os.environ.get("QYZMET_FAULTS_POSTGRES") or _server()
ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "qyzmet"
FOLDER = ROOT / "var" / "faults"
PEOPLE = 300
CITIZENS = 6


def url_of(database: str) -> str:
    return urlsplit(SERVER)._replace(path=f"/{database}").geturl()


def admin(statement: str, database: str = "postgres") -> list[tuple]:
    with psycopg.connect(url_of(database), autocommit=True, connect_timeout=3) as connection:
        cursor = connection.execute(statement)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def reachable() -> str | None:
    """Why the server cannot be used, or ``None``."""
    try:
        admin("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {SERVER} is not reachable ({str(error).strip()})"
    return None


def _version() -> str:
    """What the prepared demo depends on: migrations, the catalogue, the demo's writers."""
    files = [
        *PACKAGE.glob("*/migrations/*.py"),
        *(PACKAGE / "demo").rglob("*.py"),
        *(PACKAGE / "registries").rglob("*.py"),
        *(ROOT / "catalog").rglob("*"),
        ROOT / "tests" / "faults" / "citizens.py",
    ]
    digest = hashlib.sha256()
    for path in sorted(p for p in files if p.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=1200, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _prepare(database_url: str, folder: Path) -> None:
    """The demo and its citizens into the database, its ``var`` folder and ``citizens.json``
    into ``folder`` (written last: a run stopped halfway leaves nothing that looks prepared)."""
    env = {
        **os.environ, "DATABASE_URL": database_url, "QYZMET_VAR_DIR": str(folder / "var"),
        "QYZMET_DEMO": "true",
    }  # fmt: skip
    _run([sys.executable, "-m", "qyzmet.cli", "demo", "--no-serve", "--people", str(PEOPLE)], env)
    made = _run([sys.executable, "-m", "tests.faults.citizens", str(CITIZENS)], env)
    (folder / "citizens.json").write_text(made)


@contextlib.contextmanager
def _locked() -> Iterator[str]:
    """This version, with the templates of others removed, under a lock: two test runs at
    once prepare a template once."""
    version = _version()
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for old in FOLDER.iterdir():
            if old.is_dir() and not old.name.startswith(version):
                shutil.rmtree(old, ignore_errors=True)
        yield version


def _postgres_template() -> tuple[str, Path]:
    """The template database of this version and its folder, prepared if need be; older
    templates are dropped."""
    with _locked() as version:
        template, folder = f"qyzmet_faults_template_{version}", FOLDER / version
        found = admin(f"SELECT 1 FROM pg_database WHERE datname = '{template}'")
        if not found or not (folder / "citizens.json").exists():
            building = f"{template}_building"  # renamed once complete
            admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            admin(f'CREATE DATABASE "{building}"')
            shutil.rmtree(folder, ignore_errors=True)
            _prepare(url_of(building), folder)
            admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            admin(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        for (old,) in admin(
            "SELECT datname FROM pg_database WHERE datname LIKE 'qyzmet\\_faults\\_template\\_%' "
            f"AND datname NOT LIKE '{template}%'"
        ):
            admin(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    return template, folder


def _sqlite_template() -> Path:
    """The folder of this version's prepared SQLite file (``qyzmet.sqlite3``)."""
    with _locked() as version:
        folder = FOLDER / f"{version}-sqlite"
        if not (folder / "citizens.json").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            _prepare(f"sqlite:///{folder / 'qyzmet.sqlite3'}", folder)
    return folder


@contextlib.contextmanager
def fresh_database(prefix: str, template: str | None = None) -> Iterator[str]:
    """A database of a unique name starting with ``prefix`` on the server, empty or a copy of
    ``template``; dropped afterwards, whatever happened meanwhile."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield name
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def prepared_demo_database(folder: Path) -> Iterator[tuple[str, list[dict]]]:
    """A copy of the prepared demo (its ``var`` folder copied into ``folder``), dropped
    afterwards; with the citizens (IIN, API token, a submission) made in it."""
    template, prepared = _postgres_template()
    with fresh_database("qyzmet_faults", template) as name:
        shutil.copytree(prepared / "var", folder / "var", ignore=shutil.ignore_patterns("static"))
        yield name, json.loads((prepared / "citizens.json").read_text())


@contextlib.contextmanager
def prepared_demo_file(folder: Path) -> Iterator[tuple[Path, list[dict]]]:
    """A copy of the prepared demo's SQLite file (and its ``var`` folder) in ``folder``."""
    prepared = _sqlite_template()
    copy = folder / "qyzmet.sqlite3"
    for name in ("qyzmet.sqlite3", "qyzmet.sqlite3-wal"):
        if (prepared / name).exists():
            shutil.copyfile(prepared / name, folder / name)
    shutil.copytree(prepared / "var", folder / "var", ignore=shutil.ignore_patterns("static"))
    yield copy, json.loads((prepared / "citizens.json").read_text())
