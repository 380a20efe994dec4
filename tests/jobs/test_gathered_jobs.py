"""The jobs a change gathers are written in one statement inside its transaction, each as
enqueuing it alone would write it: due at once unless told to wait, with the request's id."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.compat import task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max

from qyzmet.applications.history import Writes
from qyzmet.core.request_ids import NO_REQUEST, set_request_id
from qyzmet.core.tasks import Jobs, request_id_of_job
from qyzmet.notifications.services import notify
from tests.factories import CitizenFactory
from tests.jobs import tasks
from tests.jobs.helpers import run_jobs, waiting_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_ran_yet():
    tasks.RAN.clear()
    set_request_id("req-gathered-1")
    yield
    set_request_id(NO_REQUEST)


@pytest.mark.parametrize("count", [1, 3])
def test_a_changes_jobs_are_one_statement_and_the_worker_runs_each(count):
    jobs = Jobs()
    for _ in range(count):
        jobs.add(tasks.tick)
    with CaptureQueriesContext(connection) as statements:
        jobs.enqueue()
    assert len(statements.captured_queries) == 1
    written = list(waiting_jobs())
    assert len(written) == count
    assert {job.run_after for job in written} == {get_date_max()}  # due at once
    assert {request_id_of_job(job) for job in written} == {"req-gathered-1"}
    assert run_jobs() == count
    assert len(tasks.RAN) == count and set(tasks.RAN) == {0}


def test_gathered_jobs_are_announced_once_their_change_commits(
    django_capture_on_commit_callbacks,
):
    heard = []

    def listener(sender, task_result, **kwargs):
        heard.append(task_result.id)

    task_enqueued.connect(listener, dispatch_uid="test-gathered-announced")
    try:
        jobs = Jobs()
        jobs.add(tasks.tick)
        jobs.add(tasks.tick)
        with django_capture_on_commit_callbacks(execute=True):
            jobs.enqueue()
            assert heard == []  # not while the change is written
    finally:
        task_enqueued.disconnect(dispatch_uid="test-gathered-announced")
    assert sorted(heard) == sorted(str(job.id) for job in waiting_jobs())


def test_a_changes_messages_go_before_its_other_jobs_of_the_same_priority():
    citizen = CitizenFactory(phone="+77010000001", notification_channels=["sms"])
    writes = Writes()
    writes.jobs.add(tasks.tick)  # gathered first, prepared before the messages are written
    context = {"title": "Certificate", "number": "QZ-1111-2222"}
    notify(recipient=citizen, channels=["sms"], kind="application.submitted", context=context,
           outbox=writes.outbox)  # fmt: skip

    with transaction.atomic():
        writes.write()

    # the worker takes them in this order: the message first, as when each was enqueued at once
    assert [job.task_path.rsplit(".", 1)[-1] for job in DBTaskResult.objects.all()] == [
        "deliver", "tick",
    ]  # fmt: skip


def test_a_job_gathered_while_a_change_is_written_fails_the_change_rather_than_being_lost():
    writes = Writes()
    writes.jobs.add(tasks.tick)
    writes.audited.append(lambda: writes.jobs.add(tasks.tick))  # too late: the jobs are made

    with pytest.raises(RuntimeError, match="would be lost"), transaction.atomic():
        writes.write()

    assert not DBTaskResult.objects.exists()  # rolled back with the change
