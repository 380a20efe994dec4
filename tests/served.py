"""The demo as a newcomer gets it: `qyzmet demo --no-serve` on a fresh SQLite file, then
`qyzmet serve` (gunicorn and a background worker) in its own process group, stopped at the
end as Ctrl-C stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    printed: str  # what `qyzmet demo` printed: URL, logins, tokens
    database: Path  # the demo's SQLite file
    env: dict[str, str]  # the environment `qyzmet` commands need to work on this demo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_demo(folder: Path, *, people: int) -> Iterator[Served]:
    port = free_port()
    database = folder / "qyzmet.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "QYZMET_VAR_DIR": str(folder / "var"),
    }
    cli = [sys.executable, "-m", "qyzmet.cli"]
    prepared = subprocess.run(
        [*cli, "demo", "--no-serve", "--people", str(people), "--port", str(port)],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert prepared.returncode == 0, prepared.stderr
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/services").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        yield Served(url=url, port=port, printed=prepared.stdout, database=database, env=env)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
