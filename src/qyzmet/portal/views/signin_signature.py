"""Signing in through a signature provider (EDS): the page shows what the person signs (a
challenge the provider made, kept in the session) and takes it back signed, either from
NCALayer through the page's script (``portal/ncalayer.js``) or pasted into the form, which
works without JavaScript.

Whatever happens to a signed answer, the challenge it answered is spent: a refusal shows the
page again in the person's language with a new challenge, so they can try again at once.
A company certificate signs in its holder; the company it names (BIN, role) is kept in the
session as ``signed_in_company`` for acting for companies.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qyzmet.accounts.identity import SignatureProvider, company_of, enabled_provider
from qyzmet.core.clients import client_address
from qyzmet.core.errors import DomainError, Unavailable
from qyzmet.core.messages import render as message_text
from qyzmet.core.texts import current_language
from qyzmet.portal.views.account import BACKEND, CHANNEL, _safe_next
from qyzmet.portal.views.signing import allow_ncalayer

SESSION_STATE = "signin_signature"
SESSION_COMPANY = "signed_in_company"
MAX_SIGNED_CHARACTERS = 1024 * 1024
MALFORMED = {"required", "signature.malformed"}


def _provider(name: str) -> SignatureProvider:
    try:
        provider = enabled_provider(name)
    except Unavailable:
        raise Http404 from None
    if not isinstance(provider, SignatureProvider):
        raise Http404
    return provider


def _page(
    request: HttpRequest,
    provider: SignatureProvider,
    *,
    next_url: str,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page with a new challenge (kept in the session, with where to go next)."""
    state: dict[str, Any] = {}
    document = provider.challenge(state=state, language=current_language())
    request.session[SESSION_STATE] = {"provider": provider.name, "next": next_url, **state}
    context = {
        "provider": provider,
        "document": document,
        "next": next_url,
        "errors": {"signed": error} if error else {},
        "ncalayer_url": settings.EDS_NCALAYER_URL,
        "minutes": settings.EDS_CHALLENGE_MINUTES,
    }
    response = render(request, "portal/account/sign_in_signature.html", context, status=status)
    return allow_ncalayer(response)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_signature(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    if request.method == "GET":
        next_url = _safe_next(request, request.GET.get("next"))
        return _page(request, provider, next_url=next_url)
    state = request.session.pop(SESSION_STATE, None) or {}
    next_url = _safe_next(request, state.get("next") or request.POST.get("next"))
    signed = request.POST.get("signed", "").strip()
    try:
        if not signed:
            raise DomainError("required")
        if len(signed) > MAX_SIGNED_CHARACTERS:
            raise DomainError("signature.malformed")
        if state.get("provider") != name:
            raise DomainError("signin.eds_challenge_lost")
        user = provider.verify(
            state=state, signed=signed, language=current_language(), channel=CHANNEL,
            address=client_address(request),
        )  # fmt: skip
    except DomainError as error:
        status = 400 if error.code in MALFORMED else 403
        text = message_text(error.code, error.params)
        return _page(request, provider, next_url=next_url, error=text, status=status)
    login(request, user, backend=BACKEND)  # a new session key: no session fixation
    company = company_of(user)
    if company:
        request.session[SESSION_COMPANY] = company
    else:
        request.session.pop(SESSION_COMPANY, None)
    return redirect(next_url or reverse("portal:home"))
