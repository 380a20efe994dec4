"""The disk under an SQLite database fills up under load: writers are answered 503 with
Retry-After as problem+json and the server logs why, nothing half-written is left (each
application stored once, with its case), and once space is freed the same retried requests
are accepted. The disk is a real one: a small tmpfs, filled to the last byte."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.faults.databases import CITIZENS, prepared_demo_file
from tests.faults.outage import (
    applications_per_key,
    claims_in_progress,
    start_load,
    table,
    tally,
    wait_until,
)
from tests.served import Served, served_demo

FULL_SECONDS = 3.0
PER_CITIZEN = 8
ROOM = 8 * 1024 * 1024  # bytes the disk has beyond the copied demo, before it is filled


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """A tmpfs mounted at ``folder`` (root alone may mount one), unmounted afterwards."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512m", "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"a small disk cannot be mounted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def empty_log(disk: Path, seconds: float = 30) -> None:
    """SQLite's log on ``disk`` checkpointed and truncated to nothing, asked again until it
    is. Each ask gives up at once when the server's writers or readers are busy: one that waits
    (a busy timeout) holds SQLite's checkpoint lock all the while, every checkpoint of the
    server gives way to it, and under load the server's log grows into the whole room, so the
    disk is full before the filler takes a byte and removing the filler frees nothing."""
    deadline = time.monotonic() + seconds
    with contextlib.closing(sqlite3.connect(disk / "qyzmet.sqlite3", timeout=0)) as db:
        while db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:  # busy
            assert time.monotonic() < deadline, "SQLite's log could not be emptied"
            time.sleep(0.01)


def shrink(disk: Path, room: int) -> None:
    """Leave ``room`` bytes free on the tmpfs at ``disk``, SQLite's log checkpointed first."""
    empty_log(disk)
    used = sum(f.stat().st_size for f in disk.rglob("*") if f.is_file())
    size = (used + room) // 4096 * 4096 + 4096
    subprocess.run(["mount", "-o", f"remount,size={size}", str(disk)], check=True)


def fill(disk: Path) -> int:
    """Write to ``disk`` until it is full; SQLite's log first made empty (a checkpoint), so
    the next write must grow it. The bytes the filler took: what removing it frees."""
    empty_log(disk)
    with (disk / "filler").open("ab", buffering=0) as filler:
        for chunk in (65536, 4096, 1):  # to the last byte
            with contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * chunk)
    return (disk / "filler").stat().st_size


def what_the_disk_holds(disk: Path) -> dict[str, int]:
    """The size of each file on ``disk``, and the bytes still free there."""
    held = {f.name: f.stat().st_size for f in disk.iterdir() if f.is_file()}
    stat = os.statvfs(disk)
    return {**held, "free": stat.f_bavail * stat.f_frsize}


@pytest.fixture
def on_a_small_disk(tmp_path: Path) -> Iterator[tuple[Served, Path, list[dict]]]:
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("the disk under SQLite fills in the suite's SQLite run")
    with (
        small_disk(tmp_path / "disk") as disk,
        prepared_demo_file(tmp_path) as (file, citizens),
    ):
        shutil.move(file, disk / file.name)
        wal = file.with_name(file.name + "-wal")
        if wal.exists():
            shutil.move(wal, disk / wal.name)
        shrink(disk, ROOM)
        with served_demo(
            tmp_path, people=0, worker=False, prepared=True,
            database_url=f"sqlite:///{disk / file.name}",
        ) as served:  # fmt: skip
            yield served, disk, citizens


def test_a_full_disk_is_a_503_and_nothing_half_written_and_freed_space_heals(on_a_small_disk):
    served, disk, citizens = on_a_small_disk
    run = f"full-{uuid.uuid4().hex[:6]}"
    load = start_load(served.url, citizens, per_citizen=PER_CITIZEN, run=run)
    assert wait_until(lambda: load.accepted() >= CITIZENS), "no submission got through"
    assert fill(disk) >= ROOM // 2, f"the filler found the room taken: {what_the_disk_holds(disk)}"
    refused = lambda: any(a.status == 503 for s in load.submissions for a in s.answers)  # noqa: E731
    assert wait_until(refused, seconds=60), "the full disk refused nothing: it proves nothing"
    time.sleep(FULL_SECONDS)
    (disk / "filler").unlink()  # space freed
    freed_at = time.monotonic()
    load.wait()
    with contextlib.closing(sqlite3.connect(disk / "qyzmet.sqlite3", timeout=30)) as db:
        stored, claimed = applications_per_key(db, run), claims_in_progress(db, run)
        caseless = db.execute(
            "SELECT count(*) FROM applications_application a WHERE a.idempotency_key LIKE ? "
            "AND NOT EXISTS (SELECT 1 FROM applications_case c WHERE c.application_id = a.id)",
            (f"{run}-%",),
        ).fetchone()[0]
    row = tally("SQLite: the disk is full", load, stored, freed_at, claimed)
    print("\n" + table([row]))
    disk_after = what_the_disk_holds(disk)  # told when the retries were not all accepted
    answers = [a for s in load.submissions for a in s.answers]
    unavailable = [a for a in answers if a.status == 503]
    assert row.server_errors == 0
    assert all(a.retry_after and a.content_type == "application/problem+json" for a in unavailable)
    assert {a.code for a in unavailable} == {"server.unavailable"}
    assert row.accepted == row.sent, disk_after
    assert row.lost == row.duplicated == row.stuck == 0
    assert caseless == 0  # nothing half-written
    logged = (served.database.parent / "serve.log").read_text()
    assert "database or disk is full" in logged
