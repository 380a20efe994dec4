"""The Django admin for operators: payments and refunds to look at (read only: every change of
a payment goes through the payments' domain functions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qyzmet.payments.models import Payment, Refund


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ("id", "application", "provider", "reference", "amount_tiyn", "status",
                    "refunded_tiyn", "created_at", "paid_at")  # fmt: skip
    list_filter = ("status", "provider")
    search_fields = ("=id", "=reference", "=application__id")


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ("id", "payment", "case", "amount_tiyn", "status", "reason", "attempts",
                    "last_error", "created_at", "refunded_at")  # fmt: skip
    list_filter = ("status", "reason")
