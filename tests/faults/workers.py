"""Background workers as real processes (``qyzmet worker``) on the test's database, killed
with SIGKILL in the middle of a job; and the table of what came of the work they held."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.models import DailyRun
from qyzmet.jobs.schedule import due_day, schedule
from tests.served import start_process

LEASE_SECONDS = "1.5"  # a killed worker's jobs are taken again this long after its last beat


def database_url() -> str:
    """The test database, for processes of their own."""
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def no_daily_jobs_due() -> None:
    """Today's daily runs taken, so that the workers run only the test's jobs."""
    day = due_day(timezone.now(), hour=settings.DAILY_JOBS_HOUR)
    for job, _ in schedule:
        DailyRun.objects.get_or_create(job=job, day=day, defaults={"task_id": "test"})


class Workers:
    """``qyzmet worker`` processes started on the test database, each in its own session."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = {
            **os.environ, **env,
            "DATABASE_URL": database_url(),
            "QYZMET_KEY_DIR": str(settings.KEY_DIR),
            "QYZMET_AUDIT_CHECKPOINT_FILE": str(folder / "checkpoints.jsonl"),
            "QYZMET_JOB_LEASE_SECONDS": LEASE_SECONDS,
        }  # fmt: skip
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = self.folder / f"worker-{len(self.processes) + 1}.log"
        command = [sys.executable, "-m", "qyzmet.cli", "worker", "--interval", "0.1"]
        process = start_process(command, self.env, log)
        self.processes.append(process)
        return process

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)

    def logs(self) -> str:
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.folder.glob("*.log")))


def running(task: str) -> bool:
    """Whether a job of ``task`` (its path's end) is running."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path__endswith=task
    ).exists()


def unfinished_jobs() -> int:
    """Jobs running or due now (a retry due later is not unfinished)."""
    due = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=timezone.now())
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() + due.count()


def failed_jobs() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@dataclass
class Row:
    """What came of one kind of work while its worker was killed."""

    work: str
    sent: int  # effects asked for (documents to issue, messages, webhooks)
    accepted: int  # done and marked done
    lost: int  # never done
    duplicated: int  # done twice under two ids (twice under one id is allowed)
    stuck: int  # left sending or running
    failed: int  # jobs failed (the worker's 5xx)
    repeated: int  # received twice under the same id
    recovered_in: float  # seconds from the kill until all was done

    HEADER = (
        "work", "sent", "accepted", "lost", "duplicated", "stuck", "5xx (failed jobs)",
        "again, same id", "time to recover",
    )  # fmt: skip

    def cells(self) -> tuple[str, ...]:
        return (
            self.work, str(self.sent), str(self.accepted), str(self.lost), str(self.duplicated),
            str(self.stuck), str(self.failed), str(self.repeated), f"{self.recovered_in:.1f} s",
        )  # fmt: skip
