"""Jobs carry the id of the request that enqueued them: django-tasks-db's backend keeps it
beside the job's arguments (``args_kwargs["request_id"]``, which the worker does not pass to
the task), and the worker names it in every log line it writes while it runs the job, as the
request's own lines do (``core/request_ids.py``). A job enqueued outside a request (a daily
job, another job) carries none."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
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

from qyzmet.core.inserts import Insert, prepare_insert
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

    def prepare_all(self, jobs: list[tuple[Any, tuple[Any, ...]]]) -> Insert[DBTaskResult]:
        """The rows of ``jobs`` (each a task of this backend and its arguments), made and
        prepared for one INSERT as ``enqueue`` would make each; ``enqueued`` writes them."""
        rows = []
        for task, args in jobs:
            self.validate_task(task)
            row = self._row(task, args, {})
            set_run_after(sender=DBTaskResult, instance=row)  # its pre_save's one listener
            rows.append(row)
        return prepare_insert(rows, signals=False)

    def enqueued(self, prepared: Insert[DBTaskResult]) -> None:
        """Write the rows of ``prepare_all``; announce each job (``task_enqueued``, as
        ``enqueue`` does) once they commit: not while the change holds SQLite's writers' turn,
        nor for a job its rollback took back."""
        rows = prepared.write()
        transaction.on_commit(partial(self._announce, rows))

    def _announce(self, rows: list[DBTaskResult]) -> None:
        for row in rows:
            task_enqueued.send(type(self), task_result=row.task_result)


@dataclass
class Jobs:
    """The jobs of one change, gathered as it happens and enqueued by ``enqueue`` inside its
    transaction (they commit with it, or not at all): in one INSERT when they all go to our
    database backend (``RequestIdBackend``), else one by one, in the order gathered. A change
    that makes its rows before it writes any prepares them first (``prepare``)."""

    waiting: list[tuple[Any, tuple[Any, ...]]] = field(default_factory=list)  # task, args

    def add(self, task: Any, *args: Any) -> None:
        """``task`` (a django-tasks task) to enqueue with ``args``."""
        self.waiting.append((task, args))

    def prepare(self) -> PreparedJobs:
        """What was gathered, its rows made and prepared (``PreparedJobs.enqueue`` writes
        them)."""
        jobs, self.waiting = self.waiting, []
        backends = {task.get_backend() for task, _ in jobs}
        if jobs and len(backends) == 1:
            (backend,) = backends
            if isinstance(backend, RequestIdBackend):
                return PreparedJobs(jobs, backend, backend.prepare_all(jobs))
        return PreparedJobs(jobs)

    def enqueue(self) -> None:
        """Enqueue what was gathered; call it inside the change's transaction."""
        self.prepare().enqueue()


@dataclass(frozen=True)
class PreparedJobs:
    """Jobs of ``Jobs.prepare``: their rows, prepared for our database backend; or, where a job
    goes to another backend, none (each is enqueued by its task)."""

    jobs: list[tuple[Any, tuple[Any, ...]]]
    backend: RequestIdBackend | None = None
    rows: Insert[DBTaskResult] | None = None

    def __add__(self, other: PreparedJobs) -> PreparedJobs:
        """These jobs and ``other``'s, in this order."""
        if not other.jobs:
            return self
        if not self.jobs:
            return other
        jobs = [*self.jobs, *other.jobs]
        if self.rows is None or other.rows is None or self.backend is not other.backend:
            return PreparedJobs(jobs)
        return PreparedJobs(jobs, self.backend, self.rows + other.rows)

    def made_now(self, some: PreparedJobs) -> None:
        """Stamp the rows of ``some`` (joined in these) as enqueued now, not when they were
        prepared: the worker takes jobs of one priority in the order enqueued, so jobs
        prepared early and joined after others come after them."""
        if self.rows is not None and some.rows is not None:
            for row in some.rows.rows:
                self.rows.refresh(row)  # ``enqueued_at``, set as the row is saved

    def enqueue(self) -> None:
        """Enqueue them; call it inside the change's transaction."""
        if self.backend is not None and self.rows is not None:
            self.backend.enqueued(self.rows)
            return
        for task, args in self.jobs:
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
