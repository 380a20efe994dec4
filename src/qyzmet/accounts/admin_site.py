"""Django's admin for operators, behind the second factor: django-otp's ``OTPAdminSite`` asks
for the code of the operator's TOTP device beside the password, and lets in only a session
verified with it. ``core/admin_app.py`` makes it the site every ``admin.register`` uses.

When officers and operators must sign in through an identity provider
(``QYZMET_OFFICER_IDENTITY_PROVIDERS``, decision 36), the admin's own login takes no password:
it sends operators to the back office's sign-in (EDS, OpenID Connect), which brings them back
here, and refuses a posted password and code (403); only a session verified by the provider
counts (``second_factor_verified``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from qyzmet.accounts.models import SealedTOTPDevice
from qyzmet.accounts.officers import second_factor_verified
from qyzmet.core.messages import render as message_text


class OperatorsLoginForm(OTPAdminAuthenticationForm):
    """django-otp's admin login form, which checks the code against the device chosen in
    its list, or the operator's only TOTP device when nothing was chosen (one form, one step).
    Only TOTP devices take a code: the tie to a person (``OfficerIdentity``) is never listed."""

    @staticmethod
    def device_choices(user: Any) -> list[tuple[str, str]]:
        return [*BLANK_CHOICE_DASH] + [
            (device.persistent_id, device.name)
            for device in devices_for_user(user)
            if isinstance(device, SealedTOTPDevice)
        ]

    def _chosen_device(self, user: Any) -> Any:
        chosen = super()._chosen_device(user)
        if chosen is not None and not isinstance(chosen, SealedTOTPDevice):
            return None
        if chosen is not None or self.cleaned_data.get("otp_device"):
            return chosen
        devices = [
            device
            for device in devices_for_user(user, confirmed=True, for_verify=True)
            if isinstance(device, SealedTOTPDevice)
        ]
        return devices[0] if len(devices) == 1 else None


class OperatorsAdminSite(OTPAdminSite):
    site_header = "qyzmet operators"
    site_title = "qyzmet operators"
    login_form = OperatorsLoginForm

    def __init__(self, name: str = "admin") -> None:  # django-otp's default is "otpadmin"
        super().__init__(name)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_verified(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from qyzmet.accounts.officer_identity import officers_use_providers

        if not officers_use_providers():
            return super().login(request, extra_context)
        if request.method == "POST":  # a password and a code: switched off
            context = {
                **self.each_context(request),
                "title": message_text("officer.password_off"),
                "message": message_text("officer.password_off"),
                "sign_in_url": self._provider_sign_in_url(request),
                "link": message_text("officer.sign_in_with_provider"),
            }
            return TemplateResponse(request, "accounts/admin_sign_in_elsewhere.html", context,
                                    status=403)  # fmt: skip
        if self.has_permission(request):
            return super().login(request, extra_context)  # sends them on, as Django does
        return redirect(self._provider_sign_in_url(request))

    def _provider_sign_in_url(self, request: HttpRequest) -> str:
        """The back office's sign-in, bringing the operator back to the admin page asked for."""
        wanted = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        admin_root = reverse("admin:index", current_app=self.name)
        safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
        back = wanted if safe and wanted.startswith(admin_root) else admin_root
        return f"{reverse('backoffice:sign-in')}?{urlencode({REDIRECT_FIELD_NAME: back})}"
