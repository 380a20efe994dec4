"""`qyzmet serve` runs gunicorn and a worker together: Ctrl-C stops both cleanly, and when one
ends by itself the other is stopped too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import qyzmet

SRC = str(Path(qyzmet.__file__).resolve().parent.parent)
CHILD = """
import pathlib, signal, sys, time
mark = pathlib.Path(sys.argv[1])
def stop(*_):
    mark.write_text("stopped")
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
mark.write_text("started")
if len(sys.argv) > 2:  # exit with this code once the other child has started
    while not pathlib.Path(sys.argv[3]).exists():
        time.sleep(0.05)
    sys.exit(int(sys.argv[2]))
time.sleep(120)
"""


def supervise(*children: list[str]) -> subprocess.Popen[str]:
    commands = [[sys.executable, "-c", CHILD, *child] for child in children]
    code = f"import sys, qyzmet.core.processes as p; sys.exit(p.run_together({commands!r}))"
    return subprocess.Popen(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": SRC},
        start_new_session=True, text=True,
    )  # fmt: skip


def wait_for(path: Path, text: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (path.exists() and path.read_text() == text):
        time.sleep(0.05)
    assert path.read_text() == text


def test_ctrl_c_stops_both_children_cleanly(tmp_path):
    server, worker = tmp_path / "server", tmp_path / "worker"
    supervisor = supervise([str(server)], [str(worker)])
    wait_for(server, "started")
    wait_for(worker, "started")

    os.killpg(supervisor.pid, signal.SIGINT)  # what the terminal does on Ctrl-C

    assert supervisor.wait(timeout=60) == 0
    assert server.read_text() == worker.read_text() == "stopped"


def test_when_one_child_ends_the_other_is_stopped_and_its_exit_code_returned(tmp_path):
    server, worker = tmp_path / "server", tmp_path / "worker"
    supervisor = supervise([str(server)], [str(worker), "3", str(server)])
    assert supervisor.wait(timeout=60) == 3
    assert server.read_text() == "stopped"
