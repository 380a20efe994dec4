"""The README's quick start works: `qyzmet demo` prepares a fresh SQLite database, `qyzmet
serve` serves it with gunicorn, the README's curl commands get real answers, and the worker
beside gunicorn delivers the notifications."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_shell_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return next(block for block in blocks if "TOKEN=" in block)


def notifications_by_status(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database, timeout=30)) as db:
        rows = db.execute("SELECT status, count(*) FROM notifications_notification GROUP BY 1")
        return dict(rows.fetchall())


def test_the_readme_quick_start_works(demo_server):
    port, printed = demo_server.port, demo_server.printed
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


def test_the_worker_beside_the_server_delivers_the_notifications(demo_server):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        statuses = notifications_by_status(demo_server.database)
        if statuses.keys() == {"delivered"}:
            break
        time.sleep(0.5)
    assert statuses.keys() == {"delivered"}, statuses
