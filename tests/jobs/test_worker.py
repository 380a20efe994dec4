"""Several workers share the jobs and never run one twice; jobs wait for their time."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.jobs.worker import run_due_jobs
from tests.jobs import tasks
from tests.jobs.helpers import jobs_come_due, run_jobs, waiting_jobs

JOBS = 40


@pytest.fixture(autouse=True)
def _nothing_ran_yet():
    tasks.RAN.clear()
    tasks.TOGETHER.reset()


def work_at_once(worker_ids: list[str]) -> dict[str, int | Exception]:
    """Run one worker per id, each in its own thread (its own database connection)."""
    ran: dict[str, int | Exception] = {}

    def work(worker_id: str) -> None:
        try:
            ran[worker_id] = run_due_jobs(worker_id=worker_id)
        except Exception as error:  # the test reports what went wrong
            ran[worker_id] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(worker_id,)) for worker_id in worker_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return ran


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_jobs_and_never_run_one_twice():
    for number in range(1, JOBS + 1):
        tasks.note.enqueue(number)

    ran = work_at_once(["worker-a", "worker-b"])

    assert sorted(tasks.RAN) == list(range(1, JOBS + 1))  # each job once
    assert ran["worker-a"] + ran["worker-b"] == JOBS  # type: ignore[operator]
    assert ran["worker-a"] and ran["worker-b"]  # both held a job at the same time
    jobs = DBTaskResult.objects.all()
    assert {job.status for job in jobs} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(job.worker_ids) == 1 for job in jobs)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's")
def test_on_postgresql_a_worker_skips_jobs_another_worker_is_claiming():
    tasks.tick.enqueue()
    with CaptureQueriesContext(connection) as queries:
        assert run_jobs() == 1
    assert any("FOR UPDATE SKIP LOCKED" in query["sql"] for query in queries)


@pytest.mark.django_db
def test_a_job_waits_for_its_time():
    tasks.tick.using(run_after=timezone.now() + datetime.timedelta(minutes=5)).enqueue()
    assert run_jobs() == 0 and waiting_jobs().count() == 1
    assert jobs_come_due() == 1
    assert run_jobs() == 1 and tasks.RAN == [0]
