"""The README's quick start works: `qyzmet demo` prepares a fresh SQLite database, `qyzmet
serve` serves it with gunicorn, and the README's curl commands get real answers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def readme_shell_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return next(block for block in blocks if "TOKEN=" in block)


@pytest.fixture
def demo_server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'qyzmet.sqlite3'}",
        "QYZMET_VAR_DIR": str(tmp_path / "var"),
    }
    cli = [sys.executable, "-m", "qyzmet.cli"]
    prepared = subprocess.run(
        [*cli, "demo", "--no-serve", "--people", "600", "--port", str(port)],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert prepared.returncode == 0, prepared.stderr
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/services").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        yield port, prepared.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_the_readme_quick_start_works(demo_server):
    port, printed = demo_server
    assert f"qyzmet is ready at http://127.0.0.1:{port}/" in printed
    assert "Password of every demo account: qyzmet-demo" in printed
    token = re.search(r"^\s+\d{12}\s+(qz_\S+)$", printed, flags=re.M)
    assert token, printed
    script = readme_shell_block().replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    script = re.sub(r"^TOKEN=.*$", f"TOKEN={token.group(1)}", script, flags=re.M)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"id": "moving"' in result.stdout
    assert '"status": "draft"' in result.stdout
    assert "population.person.registered_address" in result.stdout
