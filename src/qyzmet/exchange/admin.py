"""The security log in the Django admin, for operators: read only, each page shown audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from qyzmet.exchange.models import SecurityEvent
from qyzmet.exchange.security import record_log_read

CHANNEL = "admin"


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "sender", "provider_agency", "claimed_client", "registry")
    list_filter = ("kind", "provider_agency")
    search_fields = ("sender", "message_id", "claimed_client")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        listing = getattr(response, "context_data", {}) or {}
        if "cl" in listing:
            record_log_read(
                reader=request.user, channel=CHANNEL, events=list(listing["cl"].result_list)
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        event = self.get_object(request, object_id)
        if event is not None and self.has_view_permission(request, event):
            record_log_read(reader=request.user, channel=CHANNEL, events=[event])
        return super().change_view(request, object_id, form_url, extra_context)
