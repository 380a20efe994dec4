"""Jobs for the tests of the worker: they note what ran, in memory."""

from __future__ import annotations

import threading

from django_tasks import task

RAN: list[int] = []
TOGETHER = threading.Barrier(2, timeout=30)
_ran_lock = threading.Lock()
_thread = threading.local()


@task()
def note(number: int) -> int:
    """Note ``number``. The first job of each of two worker threads waits for the other's, so
    both workers hold a job at the same time."""
    if not getattr(_thread, "met", False):
        _thread.met = True
        TOGETHER.wait()
    with _ran_lock:
        RAN.append(number)
    return number


@task()
def tick() -> None:
    with _ran_lock:
        RAN.append(0)


@task()
def fail() -> None:
    raise RuntimeError("this job fails")
