"""Demo only: the current second-factor code of each demo officer, so anyone trying the demo
can sign in to the back office without an authenticator app. Off unless ``DEMO_PAGES``."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qyzmet.accounts.officers import demo_totp_codes
from qyzmet.demo.services import DEMO_PASSWORD, DemoLogins


@never_cache
@require_GET
def totp_codes(request: HttpRequest) -> HttpResponse:
    if not getattr(settings, "DEMO_PAGES", False):
        raise Http404
    return render(
        request,
        "backoffice/demo_totp.html",
        {"codes": demo_totp_codes(operators=[DemoLogins.operator]), "password": DEMO_PASSWORD},
    )
