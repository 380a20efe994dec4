"""Operators see who has a TOTP device and may switch one off or delete it (a lost phone), but
never its key nor a QR code of it: the key is the seed of every code. django-otp's own admin
of its TOTPDevice, which shows both, is removed; devices are enrolled with
``qyzmet officers enroll-totp``, which shows the secret once.

Operators also tie officers' accounts to people (their IIN, shown masked), for signing in
through an identity provider; each change goes through ``accounts.officer_identity``,
audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from qyzmet.accounts.models import OfficerIdentity, SealedTOTPDevice
from qyzmet.accounts.officer_identity import (
    checked_link,
    link_officer,
    staff_accounts,
    unlink_officer,
)
from qyzmet.core.errors import DomainError
from qyzmet.core.identifiers import masked_iin
from qyzmet.core.messages import render as message_text

CHANNEL = "admin"

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


class OfficerIdentityForm(forms.ModelForm):  # type: ignore[type-arg]
    """The officer (or operator) and the IIN typed for them; the IIN is never shown back."""

    iin_typed = forms.CharField(
        label="IIN",
        max_length=20,
        required=False,
        help_text="The person's IIN, 12 digits (left empty on a change: kept).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    class Meta:
        model = OfficerIdentity
        fields = ["user"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            field = self.fields["user"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = staff_accounts().order_by("username")
            field.label = "officer or operator"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        officer = data.get("user") or getattr(self.instance, "user", None)
        typed = data.get("iin_typed") or ""
        if not typed and not self.instance.pk:
            self.add_error("iin_typed", message_text("required"))
        elif typed and officer is not None:
            try:
                data["iin_typed"] = checked_link(officer=officer, iin=typed)
            except DomainError as wrong:
                self.add_error("iin_typed", message_text(wrong.code, wrong.params))
        return data


@admin.register(OfficerIdentity)
class OfficerIdentityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Which person each officer's and operator's account belongs to (for signing in through an
    identity provider, decision 36). Saved and deleted through ``link_officer`` and
    ``unlink_officer``, so each change is audited; the IIN is shown masked."""

    form = OfficerIdentityForm
    list_display = ["user", "agency", "masked", "linked_at"]
    search_fields = ["user__username"]
    list_select_related = ["user__agency"]
    actions: list[Any] = []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["user", "iin_typed"] if obj is None else ["user", "masked", "iin_typed"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["masked"] if obj is None else ["user", "masked"]

    @admin.display(description="agency")
    def agency(self, obj: OfficerIdentity) -> str:
        return str(obj.user.agency or "operator")

    @admin.display(description="IIN")
    def masked(self, obj: OfficerIdentity) -> str:
        return masked_iin(obj.iin)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        iin = form.cleaned_data.get("iin_typed") or obj.iin
        linked = link_officer(officer=obj.user, iin=iin, channel=CHANNEL, actor=request.user)
        obj.pk, obj.iin, obj.linked_at = linked.pk, linked.iin, linked.linked_at

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        unlink_officer(officer=obj.user, channel=CHANNEL, actor=request.user)
