"""``qyzmet serve``: serve qyzmet with gunicorn (static files by WhiteNoise), and run a
background worker beside it (``--no-worker`` where workers run on their own). Outside a demo it
first runs the deployment check (``qyzmet check --deploy``) and refuses to start on an error."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from qyzmet.core.processes import run_together


def default_workers() -> int:
    return min(4, 2 * (os.cpu_count() or 1))


def gunicorn_command(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "qyzmet.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--access-logfile", "-", "--graceful-timeout", "10",
        # gunicorn's control socket is one path shared by every server on the machine.
        "--no-control-socket",
    ]  # fmt: skip


def serve(*, host: str, port: int, workers: int, with_worker: bool) -> None:
    """Serve ``qyzmet.wsgi`` with gunicorn, with one ``qyzmet worker`` beside it until Ctrl-C;
    without the worker, this process becomes gunicorn."""
    server = gunicorn_command(host=host, port=port, workers=workers)
    if not with_worker:
        os.execv(sys.executable, server)
    sys.exit(run_together([server, [sys.executable, "-m", "qyzmet.cli", "worker"]]))


def add_serve_arguments(parser: Any) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
    parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="gunicorn's worker processes."
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="Run no background worker beside the server (run `qyzmet worker` yourself).",
    )


class Command(BaseCommand):
    help = "Serve qyzmet on HOST:PORT with gunicorn, and a background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        add_serve_arguments(parser)

    def handle(
        self, *args: Any, host: str, port: int, workers: int, no_worker: bool, **options: Any
    ) -> None:
        if not settings.DEMO:
            # The deployment check: one line per finding; an error stops the server here.
            call_command("check", deploy=True, fail_level="ERROR", tags=["security"])
        call_command("collectstatic", interactive=False, verbosity=0)
        beside = "" if no_worker else " and a background worker"
        self.stdout.write(f"Serving qyzmet on http://{host}:{port}/ with {workers} workers{beside}")
        self.stdout.flush()
        serve(host=host, port=port, workers=workers, with_worker=not no_worker)
