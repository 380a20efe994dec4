"""A daily job's run of one day, claimed by the first worker that inserts its row."""

from __future__ import annotations

from django.db import models


class DailyRun(models.Model):
    job = models.CharField(max_length=64, help_text="The daily job, e.g. notifications.overdue.")
    day = models.DateField(help_text="The day (local time) this run is for.")
    task_id = models.CharField(max_length=64, help_text="The job enqueued for this run.")
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="daily_run_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.job} for {self.day:%Y-%m-%d}"


class WorkerHeartbeat(models.Model):
    """A running worker's sign of life, renewed every third of ``JOB_LEASE_SECONDS``. A worker
    not heard from for a lease is presumed dead: what it held is taken again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.beat_at:%H:%M:%S}"
