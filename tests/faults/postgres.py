"""Throwaway PostgreSQL databases holding a prepared demo, for the fault-injection tests.

Preparing the demo on PostgreSQL (migrations, catalogue, registries) takes minutes; it is done
once per version of what it depends on into a *template* database, kept with its ``var``
folder (data keys, secret key) and its citizens under ``var/faults/``, and every test gets a
copy of it (``CREATE DATABASE ... TEMPLATE``: a file copy, seconds)."""

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

import psycopg

SERVER = os.environ.get("QYZMET_FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "qyzmet"
PEOPLE = 300
CITIZENS = 6


def url_of(database: str) -> str:
    return SERVER.rsplit("/", 1)[0] + f"/{database}"


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


def _environment(database: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url_of(database),
        "QYZMET_VAR_DIR": str(var_dir),
        "QYZMET_DEMO": "true",
    }


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=1200, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _prepare(template: str, folder: Path) -> None:
    """The demo and its citizens into ``template``, built under another name and renamed
    once complete, so a run stopped halfway leaves nothing that looks prepared."""
    building = f"{template}_building"
    admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{building}"')
    shutil.rmtree(folder, ignore_errors=True)
    env = _environment(building, folder / "var")
    _run([sys.executable, "-m", "qyzmet.cli", "demo", "--no-serve", "--people", str(PEOPLE)], env)
    made = _run([sys.executable, "-m", "tests.faults.citizens", str(CITIZENS)], env)
    (folder / "citizens.json").write_text(made)
    admin(f'ALTER DATABASE "{building}" RENAME TO "{template}"')


def _template() -> tuple[str, Path]:
    """The template database of this version and its folder, prepared if need be (under a
    lock: two test runs at once prepare it once); older templates are dropped."""
    version = _version()
    template, folder = f"qyzmet_faults_template_{version}", ROOT / "var" / "faults" / version
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = admin(f"SELECT 1 FROM pg_database WHERE datname = '{template}'")
        if not found or not (folder / "citizens.json").exists():
            _prepare(template, folder)
        for (old,) in admin(
            "SELECT datname FROM pg_database WHERE datname LIKE 'qyzmet\\_faults\\_template\\_%' "
            f"AND datname NOT LIKE '{template}%'"
        ):
            admin(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            shutil.rmtree(folder.parent / old.rsplit("_", 1)[-1], ignore_errors=True)
    return template, folder


@contextlib.contextmanager
def prepared_demo_database(folder: Path) -> Iterator[tuple[str, list[dict]]]:
    """A copy of the prepared demo (its ``var`` folder copied into ``folder``), dropped
    afterwards; with the citizens (IIN, API token, a submission) made in it."""
    template, prepared = _template()
    name = f"qyzmet_faults_{uuid.uuid4().hex[:10]}"
    admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    shutil.copytree(prepared / "var", folder / "var", ignore=shutil.ignore_patterns("static"))
    try:
        yield name, json.loads((prepared / "citizens.json").read_text())
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
