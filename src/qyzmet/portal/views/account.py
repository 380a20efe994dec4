"""Citizens' sign-in through the identity providers that are on, sign-out, the inbox, and
the demo outbox.

The sign-in page shows every provider that is on (``accounts.identity.enabled_providers``). A
code provider has two pages: the IIN (``start``), then the one-time code (``verify``). Between
them the session holds the provider, the IIN typed, where to go next, and a random value naming
this browser as the code's requester (the code works only here, and wrong codes lock out only
this browser at its address). Redirect and signature providers have their own pages
(``signin_redirect``, ``signin_signature``). ``login`` rotates the session key.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qyzmet.accounts.identity import (
    CodeProvider,
    code_provider,
    enabled_provider,
    enabled_providers,
)
from qyzmet.accounts.signin import CODE_LIFETIME
from qyzmet.core.clients import client_address
from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as message_text
from qyzmet.core.texts import current_language
from qyzmet.notifications.kinds import shown_in
from qyzmet.notifications.selectors import inbox as inbox_of
from qyzmet.notifications.selectors import recent_console_messages
from qyzmet.notifications.services import mark_read

CHANNEL = "portal"
SESSION_IIN = "signin_iin"
SESSION_NEXT = "signin_next"
SESSION_REQUESTER = "signin_requester"
SESSION_PROVIDER = "signin_provider"
BACKEND = "django.contrib.auth.backends.ModelBackend"
INBOX_PAGE_SIZE = 20


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site, else empty (never an open redirect)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _error(error: DomainError) -> str:
    return message_text(error.code, error.params)


def _code_provider(name: str | None) -> CodeProvider:
    """The code provider ``name`` names if it is on, else the first one that is on."""
    provider = enabled_provider(name) if name else code_provider()
    if not isinstance(provider, CodeProvider):
        return code_provider()
    return provider


def _requester(request: HttpRequest) -> str:
    """This browser as the requester of sign-in codes: a random value kept in its session."""
    if SESSION_REQUESTER not in request.session:
        request.session[SESSION_REQUESTER] = secrets.token_urlsafe(18)
    return str(request.session[SESSION_REQUESTER])


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and getattr(request.user, "iin", None):
        return redirect(next_url or reverse("portal:home"))
    errors: dict[str, str] = {}
    iin = request.POST.get("iin", "")[:40]
    if request.method == "POST":
        try:
            provider = _code_provider(request.POST.get("provider"))
            started = provider.start(
                identifier=iin, language=current_language(), channel=CHANNEL,
                requester=_requester(request), address=client_address(request),
            )  # fmt: skip
        except DomainError as error:
            errors["iin"] = _error(error)
        else:
            request.session[SESSION_PROVIDER] = provider.name
            request.session[SESSION_IIN] = started.identifier
            request.session[SESSION_NEXT] = next_url
            return redirect("portal:sign-in-code")
    providers = enabled_providers()
    # No identity provider configured (a deployment that has not chosen one): say so, ask nothing.
    unavailable = "" if providers else message_text("signin.unavailable")
    context = {
        "iin": iin,
        "next": next_url,
        "errors": errors,
        "unavailable": unavailable,
        "providers": providers,
        "first_code": next((p.name for p in providers if isinstance(p, CodeProvider)), ""),
    }
    return render(request, "portal/account/sign_in.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    iin = request.session.get(SESSION_IIN)
    if not iin:
        return redirect("portal:sign-in")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            user = _code_provider(request.session.get(SESSION_PROVIDER)).verify(
                identifier=iin,
                response=request.POST.get("code", "")[:40],
                language=current_language(),
                channel=CHANNEL,
                requester=_requester(request),
                address=client_address(request),
            )
        except DomainError as error:
            errors["code"] = _error(error)
        else:
            next_url = _safe_next(request, request.session.get(SESSION_NEXT))
            login(request, user, backend=BACKEND)  # a new session key: no session fixation
            for key in (SESSION_IIN, SESSION_NEXT, SESSION_REQUESTER, SESSION_PROVIDER):
                request.session.pop(key, None)
            return redirect(next_url or reverse("portal:home"))
    try:
        provider = _code_provider(request.session.get(SESSION_PROVIDER))
    except DomainError:  # the provider was turned off since: start again
        return redirect("portal:sign-in")
    context = {
        "iin": iin,
        "next": request.session.get(SESSION_NEXT, ""),
        "errors": errors,
        "minutes": int(CODE_LIFETIME.total_seconds() // 60),
        "provider": provider,
        "by_sms": provider.delivery == "sms",
        "demo_pages": settings.DEMO_PAGES and provider.delivery == "outbox",
    }
    return render(request, "portal/account/sign_in_code.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm (a link works without JavaScript); POST signs out."""
    if request.method == "POST" or not request.user.is_authenticated:
        logout(request)
        return redirect("portal:home")
    return render(request, "portal/account/sign_out.html")


@never_cache
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; those shown are marked read once shown."""
    page = Paginator(inbox_of(request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    notifications = list(page.object_list)
    language = current_language()
    shown = [(n, shown_in(n, language)) for n in notifications]
    response = render(
        request,
        "portal/account/inbox.html",
        {"page": page, "notifications": shown, "language": language},
    )
    mark_read(recipient=request.user, notifications=[n for n in notifications if n.is_unread])
    return response


@never_cache
def demo_outbox(request: HttpRequest) -> HttpResponse:
    """Demo only: the sign-in codes sent lately, since a demo has no telephones."""
    if not settings.DEMO_PAGES:
        raise Http404
    outbox = list(recent_console_messages()[:50])
    return render(request, "portal/account/demo_outbox.html", {"outbox": outbox})
