"""Signing in to the back office, and signing out: with a password and a code from an
authenticator app, or, when ``QYZMET_OFFICER_IDENTITY_PROVIDERS`` names identity providers,
only through them (``sign_in_provider.py``); the page then lists those ways and refuses a
posted password (403)."""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from qyzmet.accounts.officer_identity import officer_providers, officers_use_providers
from qyzmet.accounts.officers import record_sign_out, sign_in_officer
from qyzmet.backoffice.access import CHANNEL, is_signed_in_officer
from qyzmet.backoffice.forms import SignInForm
from qyzmet.core.errors import DomainError
from qyzmet.core.lockouts import LOCKED
from qyzmet.core.messages import render as render_message

ADMIN = "/admin/"  # operators signed in through a provider go back to the admin


def asked_page(request: HttpRequest, wanted: str | None = None) -> str:
    """The back-office (or admin) page asked for (``next``), if it is on this site; else ''."""
    if wanted is None:
        wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe and wanted.startswith((reverse("backoffice:queue"), ADMIN)) else ""


def next_page(request: HttpRequest, wanted: str | None = None, *, user: Any = None) -> str:
    """Where to go after signing in: the page asked for (``asked_page``); else the queue, or
    the admin for an operator who is no officer."""
    asked = asked_page(request, wanted)
    if asked:
        return asked
    operator = user is not None and getattr(user, "is_staff", False)
    return (
        ADMIN
        if operator and not getattr(user, "is_officer", False)
        else reverse("backoffice:queue")
    )


def _page(request: HttpRequest, form: SignInForm | None, *, status: int, error: str = "") -> Any:
    context = {
        "form": form,
        "providers": officer_providers(),
        "error": error,
        "next": asked_page(request),
        "demo_pages": getattr(settings, "DEMO_PAGES", False),
    }
    return render(request, "backoffice/sign_in.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and is_signed_in_officer(request.user):
        return redirect(next_page(request, user=request.user))
    if officers_use_providers():
        if request.method == "POST":  # a password and a code: refused, whatever they are
            return _page(request, None, status=403, error=render_message("officer.password_off"))
        return _page(request, None, status=200)
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
            return redirect(next_page(request))
    return _page(request, form, status=(LOCKED if locked else 400) if form.errors else 200)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and getattr(request.user, "is_officer", False):
        record_sign_out(officer=request.user, channel=CHANNEL)
    logout(request)
    return redirect("backoffice:sign-in")
