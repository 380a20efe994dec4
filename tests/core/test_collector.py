"""A serving worker keeps what it loaded out of the garbage collector's walks: once it has
loaded the application, the views are imported and a full collection walks only what was made
since."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from gunicorn.workers.gthread import ThreadWorker

from qyzmet.core import collector
from tests.core.workers import a_worker

WORKER = """
import gc, json, sys
import django
django.setup()
from qyzmet.core.collector import keep_loaded_objects
keep_loaded_objects()
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "walked": len(gc.get_objects(generation=2)),
    "views": "qyzmet.api.applications" in sys.modules,
}))
"""


def test_a_worker_freezes_what_it_loaded_views_included() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WORKER], env=os.environ.copy(), capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip
    worker = json.loads(done.stdout.strip().splitlines()[-1])
    assert worker["views"], "the views are imported before the first request"
    assert worker["frozen"] > 50_000, worker
    assert worker["walked"] < worker["frozen"] / 20, "a full collection walks what loading made"


def test_the_serving_worker_does_it_as_it_loads_the_application_then_says_it_is_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept, said = [], []
    monkeypatch.setattr(ThreadWorker, "load_wsgi", lambda worker: None)
    monkeypatch.setattr(collector, "keep_loaded_objects", lambda: kept.append(True))
    worker = a_worker()
    monkeypatch.setattr(worker.log, "info", lambda message, *args: said.append(message % args))
    worker.load_wsgi()
    assert kept == [True]
    assert said == [f"Worker ready (pid: {worker.pid})"], "what the benchmarks wait for"
