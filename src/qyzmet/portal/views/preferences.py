"""The citizen's contact details and notification channels."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from qyzmet.accounts.preferences import update_contact_preferences
from qyzmet.core.errors import Invalid
from qyzmet.core.messages import render as render_message
from qyzmet.portal.views.citizen import citizen_required

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@citizen_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    citizen: Any = request.user
    values = {
        "language": citizen.language,
        "phone": citizen.phone,
        "email": citizen.email,
        "channels": list(citizen.notification_channels or []),
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {
            "language": request.POST.get("language", ""),
            "phone": request.POST.get("phone", "")[:32],
            "email": request.POST.get("email", "")[:254],
            "channels": request.POST.getlist("channels"),
        }
        try:
            update_contact_preferences(citizen=citizen, **values)
        except Invalid as invalid:
            errors = {p.field: render_message(p.code, p.params) for p in invalid.problems}
        else:
            translation.activate(values["language"])
            messages.success(request, render_message("preferences.saved"))
            response = redirect("portal:preferences")
            response.set_cookie("django_language", values["language"], samesite="Lax")
            return response
    return render(
        request,
        "portal/account/preferences.html",
        {"values": values, "errors": errors, "languages": LANGUAGE_NAMES},
        status=422 if errors else 200,
    )
