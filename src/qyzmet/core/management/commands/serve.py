"""``qyzmet serve``: serve qyzmet with gunicorn (static files by WhiteNoise)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


def default_workers() -> int:
    return min(4, 2 * (os.cpu_count() or 1))


def exec_server(*, host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn serving ``qyzmet.wsgi``."""
    args = [
        sys.executable, "-m", "gunicorn", "qyzmet.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--access-logfile", "-", "--graceful-timeout", "10",
        # gunicorn's control socket is one path shared by every server on the machine.
        "--no-control-socket",
    ]  # fmt: skip
    os.execv(sys.executable, args)


class Command(BaseCommand):
    help = "Serve qyzmet on HOST:PORT with gunicorn and N worker processes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="Worker processes."
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Serving qyzmet on http://{host}:{port}/ with {workers} workers")
        self.stdout.flush()
        exec_server(host=host, port=port, workers=workers)
