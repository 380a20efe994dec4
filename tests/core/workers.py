"""A worker of ``qyzmet serve`` made as gunicorn's master makes one, for tests of its hooks."""

from __future__ import annotations

import os

from gunicorn.config import Config
from gunicorn.glogging import Logger

from qyzmet.core.admission import AdmittingWorker


def a_worker() -> AdmittingWorker:
    """An ``AdmittingWorker`` as gunicorn's master makes one, not started."""
    config = Config()
    worker = AdmittingWorker(1, os.getpid(), [], None, 30, config, log=Logger(config))
    worker.method_queue.init()  # where a signal's handler wakes the loop
    return worker
