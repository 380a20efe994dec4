"""Signing in through a redirect provider (OpenID Connect): the browser goes to the provider
and comes back to the callback with its answer.

What the answer must match (state, nonce, PKCE verifier: the provider's ``begin`` chooses) is
kept in the session between the two, with the provider's name and where to go next, and
dropped at the callback whatever happens, so an answer works once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qyzmet.accounts.identity import RedirectProvider, enabled_provider
from qyzmet.core.clients import client_address
from qyzmet.core.errors import DomainError, Forbidden, Unavailable
from qyzmet.core.messages import render as message_text
from qyzmet.core.texts import current_language
from qyzmet.portal.views.account import BACKEND, CHANNEL, _safe_next

SESSION_STATE = "signin_redirect"


def _provider(name: str) -> RedirectProvider:
    try:
        provider = enabled_provider(name)
    except Unavailable:
        raise Http404 from None
    if not isinstance(provider, RedirectProvider):
        raise Http404
    return provider


def _callback_url(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(reverse("portal:sign-in-callback", args=[name]))


def _refused(request: HttpRequest, provider: RedirectProvider, error: DomainError) -> HttpResponse:
    """The page saying why signing in did not work: 503 when the provider cannot be reached
    now, else 403."""
    context = {"provider": provider, "error": message_text(error.code, error.params)}
    status = 503 if isinstance(error, Unavailable) else 403
    return render(request, "portal/account/sign_in_refused.html", context, status=status)


@never_cache
@require_GET
def begin(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    state: dict[str, Any] = {}
    try:
        url = provider.begin(
            state=state, callback_url=_callback_url(request, name), language=current_language()
        )
    except DomainError as error:
        return _refused(request, provider, error)
    next_url = _safe_next(request, request.GET.get("next"))
    request.session[SESSION_STATE] = {"provider": name, "next": next_url, **state}
    return redirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    state = request.session.pop(SESSION_STATE, None) or {}
    try:
        if state.get("provider") != name:
            raise Forbidden("signin.redirect_lost")
        user = provider.complete(
            state=state, query=request.GET.dict(), callback_url=_callback_url(request, name),
            language=current_language(), channel=CHANNEL, address=client_address(request),
        )  # fmt: skip
    except DomainError as error:
        return _refused(request, provider, error)
    next_url = _safe_next(request, state.get("next"))
    login(request, user, backend=BACKEND)  # a new session key: no session fixation
    return redirect(next_url or reverse("portal:home"))
