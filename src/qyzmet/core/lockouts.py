"""What a locked-out sign-in sees (django-axes' ``AXES_LOCKOUT_CALLABLE``): a page of its own
(the back office's sign-in form with the message, 429) is kept; otherwise (the admin's login)
a short page saying so in the language of the request, 429."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from qyzmet.core.messages import render

LOCKED = 429


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    if original_response is not None and original_response.status_code == LOCKED:
        return original_response
    message = render("officer.sign_in_locked", {"minutes": lockout_minutes()})
    page = format_html(
        '<!doctype html><html lang="{}"><meta charset="utf-8"><title>{}</title><p>{}</p></html>',
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        message,
        message,
    )
    return HttpResponse(page, status=LOCKED)
