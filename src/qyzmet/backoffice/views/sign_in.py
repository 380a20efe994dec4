"""Signing in to the back office with a password and a code from an authenticator app, and
signing out."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from qyzmet.accounts.officers import record_sign_out, sign_in_officer
from qyzmet.backoffice.access import CHANNEL, is_signed_in_officer
from qyzmet.backoffice.forms import SignInForm
from qyzmet.core.errors import DomainError
from qyzmet.core.lockouts import LOCKED
from qyzmet.core.messages import render as render_message


def _next_page(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    home = reverse("backoffice:queue")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe and wanted.startswith(home) else home


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and is_signed_in_officer(request.user):
        return redirect(_next_page(request))
    form = SignInForm(request.POST if request.method == "POST" else None)
    locked = False
    if form.is_valid():
        try:
            signed_in = sign_in_officer(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
                channel=CHANNEL,
            )
        except DomainError as refused:
            form.add_error(None, render_message(refused.code, refused.params))
            locked = refused.code == "officer.sign_in_locked"
        else:
            login(request, signed_in.officer)
            django_otp.login(request, signed_in.device)
            return redirect(_next_page(request))
    return render(
        request,
        "backoffice/sign_in.html",
        {
            "form": form,
            "next": _next_page(request),
            "demo_pages": getattr(settings, "DEMO_PAGES", False),
        },
        status=(LOCKED if locked else 400) if form.errors else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and getattr(request.user, "is_officer", False):
        record_sign_out(officer=request.user, channel=CHANNEL)
    logout(request)
    return redirect("backoffice:sign-in")
