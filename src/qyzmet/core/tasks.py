"""Jobs carry the id of the request that enqueued them: django-tasks-db's backend keeps it
beside the job's arguments (``args_kwargs["request_id"]``, which the worker does not pass to
the task), and the worker names it in every log line it writes while it runs the job, as the
request's own lines do (``core/request_ids.py``). A job enqueued outside a request (a daily
job, another job) carries none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.dispatch import receiver
from django_tasks_db import DatabaseBackend
from django_tasks_db.compat import (
    Task,
    normalize_json,
    task_enqueued,
    task_finished,
    task_started,
)
from django_tasks_db.models import DBTaskResult
from django_tasks_db.signal_handlers import set_run_after

from qyzmet.core.inserts import insert_rows
from qyzmet.core.request_ids import NO_REQUEST, current_request_id, set_request_id


class RequestIdBackend(DatabaseBackend):
    """django-tasks-db's backend, keeping the request id with each job it enqueues."""

    def _task_to_db_task(self, task: Task, args: Any, kwargs: Any) -> DBTaskResult:
        row = self._row(task, args, kwargs)
        row.save(force_insert=True)
        return row

    def _row(self, task: Task, args: Any, kwargs: Any) -> DBTaskResult:
        # django-tasks-db 0.13's own, with the request id in the same row
        stored: dict[str, Any] = {"args": args, "kwargs": kwargs}
        if (request_id := current_request_id()) != NO_REQUEST:
            stored["request_id"] = request_id
        return DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json(stored),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,  # type: ignore[misc]
            backend_name=self.alias,
        )

    def enqueue_all(self, jobs: list[tuple[Any, tuple[Any, ...]]]) -> None:
        """Enqueue ``jobs`` (each a task of this backend and its arguments) in one INSERT,
        each as ``enqueue`` would."""
        rows = []
        for task, args in jobs:
            self.validate_task(task)
            row = self._row(task, args, {})
            set_run_after(sender=DBTaskResult, instance=row)  # its pre_save's one listener
            rows.append(row)
        insert_rows(rows, signals=False)
        for row in rows:
            task_enqueued.send(type(self), task_result=row.task_result)


@dataclass
class Jobs:
    """The jobs of one change, gathered as it happens and enqueued by ``enqueue`` inside its
    transaction (they commit with it, or not at all): in one INSERT when they all go to our
    database backend (``RequestIdBackend.enqueue_all``), else one by one, in the order
    gathered."""

    waiting: list[tuple[Any, tuple[Any, ...]]] = field(default_factory=list)  # task, args

    def add(self, task: Any, *args: Any) -> None:
        """``task`` (a django-tasks task) to enqueue with ``args``."""
        self.waiting.append((task, args))

    def enqueue(self) -> None:
        """Enqueue what was gathered; call it inside the change's transaction."""
        jobs, self.waiting = self.waiting, []
        backends = {task.get_backend() for task, _ in jobs}
        if jobs and len(backends) == 1:
            (backend,) = backends
            if isinstance(backend, RequestIdBackend):
                backend.enqueue_all(jobs)
                return
        for task, args in jobs:
            task.enqueue(*args)


def request_id_of_job(result: DBTaskResult) -> str:
    """The id of the request that enqueued the job, ``-`` when none did."""
    return str(result.args_kwargs.get("request_id") or NO_REQUEST)


@receiver(task_started)
def name_the_request_of_the_job(sender: Any, task_result: Any, **kwargs: Any) -> None:
    db_result = getattr(task_result, "db_result", None)
    set_request_id(request_id_of_job(db_result) if db_result is not None else NO_REQUEST)


@receiver(task_finished)
def forget_the_request_of_the_job(sender: Any, task_result: Any, **kwargs: Any) -> None:
    set_request_id(NO_REQUEST)
