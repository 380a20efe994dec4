"""Operators see who has a TOTP device and may switch one off or delete it (a lost phone), but
never its key nor a QR code of it: the key is the seed of every code. django-otp's own admin
of its TOTPDevice, which shows both, is removed; devices are enrolled with
``qyzmet officers enroll-totp``, which shows the secret once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from qyzmet.accounts.models import SealedTOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(SealedTOTPDevice)
class SealedTOTPDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False
