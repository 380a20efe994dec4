"""Django's admin for operators, behind the second factor: django-otp's ``OTPAdminSite`` asks
for the code of the operator's TOTP device beside the password, and lets in only a session
verified with it. ``core/admin_app.py`` makes it the site every ``admin.register`` uses."""

from __future__ import annotations

from typing import Any

from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class OperatorsLoginForm(OTPAdminAuthenticationForm):
    """django-otp's admin login form, which checks the code against the device chosen in
    its list, or the operator's only device when nothing was chosen (one form, one step)."""

    def _chosen_device(self, user: Any) -> Any:
        chosen = super()._chosen_device(user)
        if chosen is not None or self.cleaned_data.get("otp_device"):
            return chosen
        devices = list(devices_for_user(user, confirmed=True, for_verify=True))
        return devices[0] if len(devices) == 1 else None


class OperatorsAdminSite(OTPAdminSite):
    site_header = "qyzmet operators"
    site_title = "qyzmet operators"
    login_form = OperatorsLoginForm

    def __init__(self, name: str = "admin") -> None:  # django-otp's default is "otpadmin"
        super().__init__(name)
