"""gunicorn's hooks for every qyzmet server (``qyzmet serve``, ``qyzmet registry serve``), read
with ``--config python:qyzmet.core.gunicorn_config``.

A worker dies with its master: gunicorn's workers notice a dead master only between requests,
so a master killed under load (SIGKILL, the OOM killer) left them serving as orphans that held
the port, and a restart failed with "Address already in use". Each worker asks Linux for
SIGTERM when its parent dies (``PR_SET_PDEATHSIG``): it finishes the request in hand and exits,
and the port is free for the next master at once.

The master gives each worker a slot in the memory where the workers tell each other how many
connections they hold (``balance.py``). Metrics of a worker that ended are merged into the
totals (prometheus-client's multiprocess mode, see ``qyzmet.operations.metrics``).
"""

from __future__ import annotations

import os
from typing import Any

from qyzmet.core.balance import shares  # made here, in the master, before any fork
from qyzmet.core.processes import die_with_parent


def pre_fork(server: Any, worker: Any) -> None:
    worker.slot = shares.take_slot({getattr(w, "slot", None) for w in server.WORKERS.values()})


def post_fork(server: Any, worker: Any) -> None:
    die_with_parent()
    if os.getppid() != worker.ppid:  # the master died before the line above: no signal comes
        os._exit(0)


def child_exit(server: Any, worker: Any) -> None:
    shares.free_slot(getattr(worker, "slot", None))
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
