"""``qyzmet serve``: serve qyzmet with gunicorn (static files by WhiteNoise), and run a
background worker beside it (``--no-worker`` where workers run on their own). Outside a demo it
first runs the deployment check (``qyzmet check --deploy``) and refuses to start on an error.

gunicorn's workers die with their master (``core/gunicorn_config.py``), and gunicorn and the
worker die with this process, so a supervisor restarting it finds the port free. With
``QYZMET_METRICS_ADDRESS``, gunicorn listens there too, for Prometheus alone
(``qyzmet.operations``); the workers' counts meet in ``var/metrics/``."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from qyzmet.core.processes import run_together


def default_workers() -> int:
    return min(4, 2 * (os.cpu_count() or 1))


def gunicorn_command(
    *, host: str, port: int, workers: int, metrics: tuple[str, int] | None = None
) -> list[str]:
    """gunicorn's command line: threaded workers that shed what they cannot take in
    (``core/admission.py``), replaced after ``QYZMET_WORKER_MAX_REQUESTS`` if set."""
    command = [
        sys.executable, "-m", "gunicorn", "qyzmet.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--worker-class", "qyzmet.core.admission.AdmittingWorker",
        "--threads", str(settings.SERVE_THREADS),
        "--access-logfile", "-", "--graceful-timeout", "10",
        # gunicorn's control socket is one path shared by every server on the machine.
        "--no-control-socket",
        "--config", "python:qyzmet.core.gunicorn_config",  # workers die with their master
    ]  # fmt: skip
    if settings.WORKER_MAX_REQUESTS:
        command += ["--max-requests", str(settings.WORKER_MAX_REQUESTS),
                    "--max-requests-jitter", str(settings.WORKER_MAX_REQUESTS // 10)]  # fmt: skip
    if metrics is not None:
        command += ["--bind", f"[{metrics[0]}]:{metrics[1]}" if ":" in metrics[0] else
                    f"{metrics[0]}:{metrics[1]}"]  # fmt: skip
    return command


def prepare_metrics_folder(folder: Path) -> None:
    """An empty folder where each gunicorn worker writes its counts (prometheus-client's
    multiprocess mode), named to every process started from here."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def serve(*, host: str, port: int, workers: int, with_worker: bool) -> None:
    """Serve ``qyzmet.wsgi`` with gunicorn, with one ``qyzmet worker`` beside it until Ctrl-C;
    without the worker, this process becomes gunicorn."""
    metrics = settings.METRICS_ADDRESS
    if metrics is not None:
        if metrics[1] == port:
            sys.exit(f"QYZMET_METRICS_ADDRESS must name another port than the site's ({port})")
        prepare_metrics_folder(Path(settings.VAR_DIR) / "metrics")
    server = gunicorn_command(host=host, port=port, workers=workers, metrics=metrics)
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
