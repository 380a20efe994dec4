"""The assistant's records in the operators' admin, to read only: they are evidence."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from qyzmet.assistant.models import Record


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "language", "status", "confidence",
                    "backend", "applied_id", "applied_rank")  # fmt: skip
    list_filter = ("kind", "status", "language", "backend", "channel")
    search_fields = ("text_digest", "applied_id", "redacted_text")
    readonly_fields = [f.name for f in Record._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
