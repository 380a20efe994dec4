"""The daily runs in the operators' admin (queued and failed jobs are listed by django-tasks-db
under "Task results")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from qyzmet.jobs.models import DailyRun


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    list_display = ("job", "day", "enqueued_at", "task_id")
    list_filter = ("job",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
