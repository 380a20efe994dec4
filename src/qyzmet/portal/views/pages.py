"""The footer's pages: how personal data are handled, accessibility, help and contacts. Public,
in the visitor's language; the operator and its contacts come from the settings."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/pages/privacy.html",
        {
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
            "consent_days": settings.PARTNER_CONSENT_DAYS,
            "assistant_days": settings.ASSISTANT_RETENTION_DAYS,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/pages/accessibility.html")


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/pages/help.html")


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/pages/contact.html")
