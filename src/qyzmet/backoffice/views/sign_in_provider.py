"""Officers (and operators) signing in to the back office through an identity provider, when
``QYZMET_OFFICER_IDENTITY_PROVIDERS`` names it: an EDS (the provider's challenge signed through
NCALayer or pasted, as on the portal) or an OpenID provider (the trip there and back, with
this back office's own callback). The provider proves a person (``prove``: the same checks as
a citizen's sign-in); ``sign_in_proven_officer`` finds the officer's account tied to that
person, and the session is logged in with that tie as its verified second factor. A person
whose IIN no officer account is tied to is refused and signed in as nobody.

What a provider's answer must match is kept in the session under this back office's own keys
(a trip begun on the portal does not end here) and dropped when the answer comes, so it works
once; a refused signature shows the page again with a new challenge.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from qyzmet.accounts.identity import IdentityProvider, RedirectProvider, SignatureProvider
from qyzmet.accounts.officer_identity import officer_provider, sign_in_proven_officer
from qyzmet.accounts.officers import OfficerSignIn
from qyzmet.backoffice.access import CHANNEL
from qyzmet.backoffice.views.sign_in import asked_page, next_page
from qyzmet.core.clients import client_address
from qyzmet.core.errors import DomainError, Forbidden, Unavailable
from qyzmet.core.messages import render as message_text
from qyzmet.core.texts import current_language

BACKEND = "django.contrib.auth.backends.ModelBackend"
SIGNATURE_STATE = "backoffice_signin_signature"
REDIRECT_STATE = "backoffice_signin_redirect"
MAX_SIGNED_CHARACTERS = 1024 * 1024
MALFORMED = {"required", "signature.malformed"}


def _provider(name: str, kind: type[IdentityProvider]) -> Any:
    try:
        provider = officer_provider(name)
    except Unavailable:
        raise Http404 from None
    if not isinstance(provider, kind):
        raise Http404
    return provider


def _log_in(request: HttpRequest, signed_in: OfficerSignIn) -> None:
    login(request, signed_in.officer, backend=BACKEND)  # a new session key: no fixation
    django_otp.login(request, signed_in.device)  # the tie to the person verifies the session


def _signature_page(
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
    request.session[SIGNATURE_STATE] = {"provider": provider.name, "next": next_url, **state}
    context = {
        "provider": provider,
        "document": document,
        "next": next_url,
        "error": error,
        "ncalayer_url": settings.EDS_NCALAYER_URL,
        "minutes": settings.EDS_CHALLENGE_MINUTES,
    }
    response = render(request, "backoffice/sign_in_signature.html", context, status=status)
    # This page alone may talk to NCALayer on the officer's own computer.
    response._csp_update = {"connect-src": ["'self'", settings.EDS_NCALAYER_URL]}  # type: ignore[attr-defined]
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def signature(request: HttpRequest, name: str) -> HttpResponse:
    provider: SignatureProvider = _provider(name, SignatureProvider)
    if request.method == "GET":
        return _signature_page(request, provider, next_url=asked_page(request))
    state = request.session.pop(SIGNATURE_STATE, None) or {}
    next_url = asked_page(request, state.get("next") or request.POST.get("next") or "")
    signed = request.POST.get("signed", "").strip()
    try:
        if not signed:
            raise DomainError("required")
        if len(signed) > MAX_SIGNED_CHARACTERS:
            raise DomainError("signature.malformed")
        if state.get("provider") != name:
            raise Forbidden("signin.eds_challenge_lost")
        proven = provider.prove(
            state=state, signed=signed, channel=CHANNEL, address=client_address(request)
        )
        signed_in = sign_in_proven_officer(proven=proven, channel=CHANNEL)
    except DomainError as error:
        status = 400 if error.code in MALFORMED else 403
        text = message_text(error.code, error.params)
        return _signature_page(request, provider, next_url=next_url, error=text, status=status)
    _log_in(request, signed_in)
    return redirect(next_page(request, next_url, user=signed_in.officer))


def _callback_url(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(reverse("backoffice:sign-in-callback", args=[name]))


def _refused(request: HttpRequest, provider: IdentityProvider, error: DomainError) -> HttpResponse:
    """The page saying why signing in did not work: 503 when the provider cannot be reached
    now, else 403."""
    status = 503 if isinstance(error, Unavailable) else 403
    context = {"provider": provider, "error": message_text(error.code, error.params)}
    return render(request, "backoffice/sign_in_refused.html", context, status=status)


@never_cache
@require_GET
def begin(request: HttpRequest, name: str) -> HttpResponse:
    provider: RedirectProvider = _provider(name, RedirectProvider)
    state: dict[str, Any] = {}
    try:
        url = provider.begin(
            state=state, callback_url=_callback_url(request, name), language=current_language()
        )
    except DomainError as error:
        return _refused(request, provider, error)
    request.session[REDIRECT_STATE] = {"provider": name, "next": asked_page(request), **state}
    return redirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest, name: str) -> HttpResponse:
    provider: RedirectProvider = _provider(name, RedirectProvider)
    state = request.session.pop(REDIRECT_STATE, None) or {}
    try:
        if state.get("provider") != name:
            raise Forbidden("signin.redirect_lost")
        proven = provider.prove(
            state=state, query=request.GET.dict(), callback_url=_callback_url(request, name)
        )
        signed_in = sign_in_proven_officer(proven=proven, channel=CHANNEL)
    except DomainError as error:
        return _refused(request, provider, error)
    _log_in(request, signed_in)
    return redirect(next_page(request, state.get("next") or "", user=signed_in.officer))
