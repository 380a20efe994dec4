"""A job for the tests: it remembers the request id its log lines would name."""

from __future__ import annotations

import logging

from django_tasks import task

from qyzmet.core.request_ids import current_request_id

SEEN: list[str] = []
logger = logging.getLogger("qyzmet.tests.jobs")


@task()
def remember_request_id() -> None:
    SEEN.append(current_request_id())
    logger.info("the job runs")
