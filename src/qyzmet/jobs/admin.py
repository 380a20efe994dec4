"""The daily runs and the workers' heartbeats in the operators' admin (queued and failed jobs
are listed by django-tasks-db under "Task results")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from qyzmet.jobs.models import DailyRun, WorkerHeartbeat


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DailyRun)
class DailyRunAdmin(ReadOnly):
    list_display = ("job", "day", "enqueued_at", "task_id")
    list_filter = ("job",)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnly):
    list_display = ("worker_id", "started_at", "beat_at")
