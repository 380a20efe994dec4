"""The citizen's offers: what the state proposes after a registry event, accepted or declined
with one click. Accepting opens the application made from it: submitted when the state knew
everything, else the draft at the first field still missing."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qyzmet.core.errors import DomainError, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.notifications.events import reference
from qyzmet.offers.selectors import offer_of as find_offer
from qyzmet.offers.selectors import offered, offers_of
from qyzmet.offers.services import Acceptance, accept_offer, decline_offer
from qyzmet.portal.forms import html_id
from qyzmet.portal.views.citizen import citizen_required

CHANNEL = "portal"
SHOWN = 50


@citizen_required
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = [(offer, offered(offer)) for offer in offers_of(request.user)[:SHOWN]]
    return render(request, "portal/offers/list.html", {"offers": offers})


def _opened(acceptance: Acceptance) -> str:
    """Where the citizen goes on: the application, or the draft's step with the missing field."""
    application = acceptance.application
    missing = acceptance.missing
    if missing is None:
        return reverse("portal:application", args=[application.pk])
    if missing.startswith("answers"):
        return reverse("portal:apply-step", args=[application.pk, "questions"])
    step = reverse("portal:apply-step", args=[application.pk, "details"])
    _, service, field = [*missing.split(".", 2), "", ""][:3]
    return f"{step}#{html_id(service, field)}" if field else step


@citizen_required
@require_POST
def offer_action(request: HttpRequest, offer_id: uuid.UUID, action: str) -> HttpResponse:
    if action not in ("accept", "decline"):
        raise Http404
    citizen: Any = request.user
    try:
        offer = find_offer(citizen, offer_id)
        if action == "decline":
            decline_offer(offer=offer, citizen=citizen, channel=CHANNEL)
            messages.success(request, render_message("offer.done_declined"))
            return redirect("portal:offers")
        acceptance = accept_offer(offer=offer, citizen=citizen, channel=CHANNEL)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, render_message(error.code, error.params))
        return redirect("portal:offers")
    if acceptance.missing:
        messages.info(request, render_message("offer.done_draft"))
    elif acceptance.submitted:
        number = reference(acceptance.application)
        messages.success(request, render_message("offer.done_submitted", {"number": number}))
    return redirect(_opened(acceptance))
