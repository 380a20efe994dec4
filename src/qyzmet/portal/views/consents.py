"""The citizen's consents to partners: requests to approve or refuse, and the receipts of
consents given, each of which the citizen can revoke."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qyzmet.core.errors import DomainError, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import pick
from qyzmet.partners.consents import approve_consent, refuse_consent, revoke_consent
from qyzmet.partners.scopes import SCOPE_LABELS
from qyzmet.partners.selectors import consent_for_citizen, consents_of
from qyzmet.portal.views.citizen import citizen_required

ACTIONS = {"approve": approve_consent, "refuse": refuse_consent, "revoke": revoke_consent}


@citizen_required
def consent_list(request: HttpRequest) -> HttpResponse:
    consents = [
        (consent, [pick(SCOPE_LABELS.get(scope)) or scope for scope in consent.scopes])
        for consent in consents_of(request.user)[:100]
    ]
    return render(
        request, "portal/account/consents.html", {"consents": consents, "now": timezone.now()}
    )


@citizen_required
@require_POST
def consent_action(request: HttpRequest, consent_id: uuid.UUID, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    citizen: Any = request.user  # a citizen: citizen_required saw to it
    try:
        consent = consent_for_citizen(citizen, consent_id)
        ACTIONS[action](citizen=citizen, consent=consent)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, render_message(error.code, error.params))
    else:
        messages.success(request, render_message(f"consent.{action}d"))
    return redirect("portal:consents")
