"""The Django admin for operators: partners to look at, suspend or let work again (onboarding,
which shows the client secret once, is `qyzmet partners onboard`), and consent receipts to
look at. Every change goes through the partners' domain functions, so it is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from qyzmet.partners.models import Consent, Partner
from qyzmet.partners.onboarding import set_partner_active

CHANNEL = "admin"


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = (
        "name", "slug", "active", "rate_limit", "consent_codes_refused_on", "webhook_url",
        "created_at",
    )  # fmt: skip
    list_filter = ("active",)
    readonly_fields = (
        "slug", "name", "application", "scopes", "webhook_url", "rate_limit", "active",
        "consent_codes_refused_on", "created_at",
    )  # fmt: skip
    exclude = ("webhook_secret", "webhook_previous_secret")
    actions = ("suspend", "activate")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # `qyzmet partners onboard`: the secret is shown once, there

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Suspend the selected partners (their tokens stop at once)")
    def suspend(self, request: HttpRequest, queryset: QuerySet[Partner]) -> None:
        for partner in queryset:
            set_partner_active(partner=partner, active=False, actor=request.user, channel=CHANNEL)

    @admin.action(description="Let the selected partners work again")
    def activate(self, request: HttpRequest, queryset: QuerySet[Partner]) -> None:
        for partner in queryset:
            set_partner_active(partner=partner, active=True, actor=request.user, channel=CHANNEL)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("partner", "iin", "status", "requested_at", "granted_at", "revoked_at")
    list_filter = ("status", "partner")
    search_fields = ("iin",)
    exclude = ("code_digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
