"""A worker of ``qyzmet serve`` made as gunicorn's master makes one, for tests of its hooks."""

from __future__ import annotations

import os

from gunicorn.config import Config

from qyzmet.core.admission import AdmittingWorker


def a_worker() -> AdmittingWorker:
    """An ``AdmittingWorker`` as gunicorn's master makes one, not started."""
    worker = AdmittingWorker(1, os.getpid(), [], None, 30, Config(), log=None)
    worker.method_queue.init()  # where a signal's handler wakes the loop
    return worker
