"""A serving worker keeps what it loaded out of the garbage collector's walks: after its hook,
the views are imported and a full collection walks only what was made since."""

from __future__ import annotations

import json
import os
import subprocess
import sys

WORKER = """
import gc, json, sys
import django
django.setup()
from qyzmet.core import gunicorn_config
gunicorn_config.post_worker_init(worker=None)
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
