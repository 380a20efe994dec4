"""What the database holds, read at each scrape: the background jobs waiting and how long the
oldest has waited, jobs running and failed, deliveries waiting for a retry, webhooks that
failed for good per partner, registry requests refused in the last hour, cases past their
legal deadline per agency. Each is one grouped query; a database that does not answer is
``qyzmet_database_up 0`` and nothing else."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from qyzmet.applications.models import Case
from qyzmet.exchange.models import DataAccess
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.partners.webhook_models import DeliveryStatus, WebhookDelivery

logger = logging.getLogger(__name__)

REFUSALS_WINDOW = datetime.timedelta(hours=1)


def _gauge(name: str, help: str, labels: list[str]) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, help, labels=labels)


def job_queue(now: datetime.datetime) -> Iterator[Metric]:
    """Jobs due and waiting, and the age of the oldest, per task (``run_after`` of a job
    deferred to later counts from then)."""
    depth = _gauge("qyzmet_jobs_queued", "Jobs due and waiting for a worker, by task.", ["task"])
    oldest = _gauge(
        "qyzmet_jobs_oldest_queued_seconds",
        "How long the oldest job due has waited for a worker, by task.",
        ["task"],
    )
    due = DBTaskResult.objects.ready()
    for row in due.values("task_path").annotate(n=Count("id")):
        depth.add_metric([row["task_path"]], row["n"])
    since: dict[str, datetime.datetime] = {}
    now_due = due.filter(run_after=get_date_max()).values("task_path")
    for waiting in now_due.annotate(since=Min("enqueued_at")):
        since[waiting["task_path"]] = waiting["since"]
    deferred = due.exclude(run_after=get_date_max()).values("task_path")
    for waiting in deferred.annotate(since=Min("run_after")):
        task = waiting["task_path"]
        since[task] = min(since.get(task, waiting["since"]), waiting["since"])
    for task, waited_since in since.items():
        oldest.add_metric([task], max(0.0, (now - waited_since).total_seconds()))
    yield depth
    yield oldest


def job_outcomes(now: datetime.datetime) -> Iterator[Metric]:
    running = _gauge(
        "qyzmet_jobs_oldest_running_seconds",
        "How long the longest-running job has run (a stuck job grows it), by task.",
        ["task"],
    )
    rows = DBTaskResult.objects.running().values("task_path").annotate(since=Min("started_at"))
    for row in rows:
        if row["since"] is not None:
            running.add_metric([row["task_path"]], (now - row["since"]).total_seconds())
    yield running
    failed = _gauge(
        "qyzmet_jobs_failed", "Jobs that failed, kept until they are pruned, by task.", ["task"]
    )
    failures = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).values("task_path")
    for failure in failures.annotate(n=Count("id")):
        failed.add_metric([failure["task_path"]], failure["n"])
    yield failed
    retrying = _gauge(
        "qyzmet_jobs_retrying",
        "Deliveries that failed at least once and wait for another attempt, by kind.",
        ["kind"],
    )
    retrying.add_metric(
        ["webhook"],
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, attempts__gte=1).count(),
    )
    retrying.add_metric(
        ["notification"],
        Notification.objects.filter(status=NotificationStatus.QUEUED, attempts__gte=1).count(),
    )
    yield retrying


def webhooks() -> Iterator[Metric]:
    failed = _gauge(
        "qyzmet_webhook_deliveries_failed",
        "Webhook deliveries that failed for good (every attempt), by partner.",
        ["partner"],
    )
    rows = WebhookDelivery.objects.filter(status=DeliveryStatus.FAILED, withheld_at=None)
    for row in rows.values("partner__slug").annotate(n=Count("id")):
        failed.add_metric([row["partner__slug"]], row["n"])
    yield failed


def exchange_refusals(now: datetime.datetime) -> Iterator[Metric]:
    refused = _gauge(
        "qyzmet_exchange_refusals_last_hour",
        "Registry requests refused in the last hour, by registry and the agency that asked.",
        ["registry", "client_agency"],
    )
    rows = DataAccess.objects.filter(
        outcome=DataAccess.Outcome.REFUSED, at__gte=now - REFUSALS_WINDOW
    )
    for row in rows.values("registry", "client_agency").annotate(n=Count("id")):
        refused.add_metric([row["registry"], row["client_agency"]], row["n"])
    yield refused


def overdue_cases() -> Iterator[Metric]:
    overdue = _gauge(
        "qyzmet_cases_overdue",
        "Cases still waiting for a decision after their legal deadline, by agency.",
        ["agency"],
    )
    rows = Case.objects.overdue(timezone.localdate()).values("agency__slug")
    for row in rows.annotate(n=Count("id")):
        overdue.add_metric([row["agency__slug"]], row["n"])
    yield overdue


class DatabaseGauges(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        up = _gauge("qyzmet_database_up", "Whether the database answered this scrape.", [])
        try:
            found = [
                *job_queue(now), *job_outcomes(now), *webhooks(), *exchange_refusals(now),
                *overdue_cases(),
            ]  # fmt: skip
        except DatabaseError:
            logger.warning("metrics: the database did not answer", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from found
