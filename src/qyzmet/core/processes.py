"""Running a few processes together in the foreground (``qyzmet serve``: gunicorn and a worker)
and stopping them together.

The children get process groups of their own, so Ctrl-C in the terminal reaches this process
alone; it then asks each child to stop (SIGTERM: gunicorn finishes its requests, a worker its
job) and waits for them. When one child ends by itself, the others are stopped too. When this
process is killed (SIGKILL, the OOM killer), Linux sends each child SIGTERM
(``die_with_parent``): nothing is left running that a supervisor does not know of.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

GRACE_SECONDS = 30  # then a child that has not stopped is killed
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Have Linux send ``sig`` to this process when the one that started it ends; ``False``
    where the system cannot (not Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0)


def run_together(commands: Sequence[Sequence[str]]) -> int:
    """Run the commands until one ends or SIGINT/SIGTERM arrives; stop them all and return 0
    when asked to stop, else the exit code of the child that ended first."""
    stop_requested = False

    def request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stop_requested
        stop_requested = True

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    children = [
        subprocess.Popen(list(command), process_group=0, preexec_fn=die_with_parent)
        for command in commands
    ]
    ended = None
    try:
        while not stop_requested:
            ended = next((child for child in children if child.poll() is not None), None)
            if ended is not None:
                break
            time.sleep(0.2)
        _stop(children)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return ended.returncode if ended is not None else 0


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
