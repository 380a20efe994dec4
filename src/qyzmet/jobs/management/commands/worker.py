"""``qyzmet worker``: run background jobs (notification deliveries, daily jobs) until stopped."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.jobs.worker import run_worker


def _log_jobs(verbosity: int) -> None:
    """Failed jobs always; with ``-v 2`` a line per job started and finished (django-tasks'
    log). Never a line per round of the worker."""
    jobs_log = logging.getLogger("django_tasks")
    if not jobs_log.handlers:
        jobs_log.addHandler(logging.StreamHandler())
    jobs_log.setLevel(logging.INFO if verbosity > 1 else logging.WARNING)
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)


class Command(BaseCommand):
    help = "Run background jobs (notifications, daily jobs) until stopped; run several to share."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when no job is due."
        )
        parser.add_argument("--batch", action="store_true", help="Run the due jobs, then stop.")

    def handle(
        self, *args: Any, interval: float, batch: bool, verbosity: int, **options: Any
    ) -> None:
        _log_jobs(verbosity)
        ran = run_worker(interval=interval, batch=batch)
        if batch:
            self.stdout.write(f"Ran {ran} job(s).")
