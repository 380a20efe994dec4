"""``qyzmet serve`` for a benchmark: started on a free 127.0.0.1 port in its own process
group, against the database of the environment, and stopped (the whole group) afterwards;
and ``qyzmet worker`` processes likewise."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

from common import BIN_DIR, REPO_DIR, free_port

PID_FILE = "server.pid"
READY = b"Worker ready (pid: "  # what each gunicorn worker logs once it has loaded qyzmet
STARTUP_SECONDS = 120


@contextlib.contextmanager
def running_server(workers: int, *, background_worker: bool = True) -> Iterator[str]:
    """``qyzmet serve`` on a free 127.0.0.1 port, in its own process group; its base URL.
    Without ``background_worker`` it runs no ``qyzmet worker`` beside gunicorn."""
    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = var_dir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(BIN_DIR / "qyzmet"), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers), *([] if background_worker else ["--no-worker"])],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=REPO_DIR, start_new_session=True,
        )  # fmt: skip
    pid_file = var_dir / PID_FILE
    pid_file.write_text(str(server.pid))
    try:
        _wait_until_up(base, server, log_path)
        _wait_until_every_worker_is_ready(workers, server, log_path)
        yield base
    finally:
        _stop(server)
        pid_file.unlink(missing_ok=True)


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped:\n{log_path.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/api/v1/services", timeout=2).status_code == 200:
                return
        time.sleep(0.25)
    raise SystemExit(
        f"The server did not answer within {STARTUP_SECONDS} s:\n{log_path.read_text()[-2000:]}"
    )


def _wait_until_every_worker_is_ready(
    workers: int, server: subprocess.Popen[bytes], log_path: Path
) -> None:
    """Until each gunicorn worker has loaded qyzmet: the first answer comes from one worker,
    and connections opened while another is still loading all go to that one, for as long as
    the client keeps them (so a first measured row would be served by one worker of two)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while log_path.read_bytes().count(READY) < workers:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"Not every worker got ready:\n{log_path.read_text()[-2000:]}")
        time.sleep(0.1)


def _stop(server: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@contextlib.contextmanager
def job_workers(count: int, interval: float) -> Iterator[None]:
    """``count`` ``qyzmet worker`` processes, each in its own process group, stopped after."""
    var_dir = Path(os.environ["QYZMET_VAR_DIR"])
    started = []
    for number in range(count):
        with (var_dir / f"worker-{number}.log").open("wb") as log:
            worker = subprocess.Popen(
                [str(BIN_DIR / "qyzmet"), "worker", "--interval", str(interval)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=REPO_DIR, start_new_session=True,
            )  # fmt: skip
        started.append(worker)
    try:
        yield
    finally:
        for worker in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in started:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()


def stop_leftover_server(var_dir: Path) -> None:
    """Stop the server a benchmark started if it could not do so itself (it was killed)."""
    pid_file = var_dir / PID_FILE
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.killpg(int(pid_file.read_text()), signal.SIGKILL)
        pid_file.unlink(missing_ok=True)


_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b: ")


def logged_exceptions(var_dir: Path) -> Counter[str]:
    """The last lines of the tracebacks in the server's log, counted."""
    log_path = var_dir / "server.log"
    lines = log_path.read_text(errors="replace").splitlines() if log_path.exists() else []
    return Counter(line[:200] for line in lines if _EXCEPTION_LINE.match(line))
